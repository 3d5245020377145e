// kiln::Dims (Shape, Strides) against std::vector<int64_t>, the type it replaces: the same
// operations give the same contents, inline (up to Dims::kInline values) and on the heap.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <vector>

namespace {

void check_same(const kiln::Dims& d, const std::vector<std::int64_t>& v) {
  REQUIRE(d.size() == v.size());
  CHECK(d.empty() == v.empty());
  CHECK(std::vector<std::int64_t>(d.begin(), d.end()) == v);
  CHECK(d.capacity() >= d.size());
}

}  // namespace

TEST_CASE("Dims follows std::vector through random edits across the inline limit") {
  std::mt19937 rng(14);
  std::uniform_int_distribution<int> op(0, 8), value(-5, 100), count(0, 4);
  kiln::Dims d;
  std::vector<std::int64_t> v;
  for (int step = 0; step < 5000; ++step) {
    const std::int64_t x = value(rng);
    const auto at = [&](std::size_t size) { return std::uniform_int_distribution<std::size_t>(0, size)(rng); };
    switch (op(rng)) {
      case 0: d.push_back(x); v.push_back(x); break;
      case 1: if (!v.empty()) { d.pop_back(); v.pop_back(); } break;
      case 2: { const auto i = at(v.size()); d.insert(d.begin() + i, x); v.insert(v.begin() + static_cast<long>(i), x); break; }
      case 3: { const auto i = at(v.size()); const auto n = static_cast<std::size_t>(count(rng));
                d.insert(d.begin() + i, n, x); v.insert(v.begin() + static_cast<long>(i), n, x); break; }
      case 4: if (!v.empty()) { const auto i = at(v.size() - 1); d.erase(d.begin() + i); v.erase(v.begin() + static_cast<long>(i)); } break;
      case 5: { const auto n = at(12); d.resize(n, x); v.resize(n, x); break; }
      case 6: {  // a range of the list itself, inserted into it
        const auto i = at(v.size()), j = at(v.size());
        const auto lo = std::min(i, j), hi = std::max(i, j), pos = at(v.size());
        const std::vector<std::int64_t> part(v.begin() + static_cast<long>(lo), v.begin() + static_cast<long>(hi));
        d.insert(d.begin() + pos, d.begin() + lo, d.begin() + hi);
        v.insert(v.begin() + static_cast<long>(pos), part.begin(), part.end());
        break;
      }
      case 7: if (v.size() > 20) { d.clear(); v.clear(); } break;
      case 8: { kiln::Dims copy = d; kiln::Dims moved = std::move(copy); d = moved; CHECK(d == moved); break; }
    }
    check_same(d, v);
  }
}

TEST_CASE("Dims copies, moves, compares and converts like a vector") {
  const kiln::Dims small{2, 3}, large{1, 2, 3, 4, 5, 6, 7, 8};
  for (const kiln::Dims& original : {small, large}) {
    kiln::Dims copy = original;
    CHECK(copy == original);
    kiln::Dims moved = std::move(copy);
    CHECK(moved == original);
    CHECK(copy.empty());  // NOLINT: a moved-from Dims is empty, as a moved-from vector
    copy = moved;
    copy.push_back(9);
    CHECK(copy != moved);
    CHECK(moved < copy);  // a prefix orders first, as for vectors
  }
  CHECK(kiln::Dims{1, 9} > kiln::Dims{1, 2, 3});
  const std::vector<std::int64_t> from{4, 5, 6};
  kiln::Shape shape = from;  // a shape read into a std::vector converts
  CHECK(shape == kiln::Shape{4, 5, 6});
  CHECK(kiln::Dims(3, 7) == kiln::Dims{7, 7, 7});
  CHECK(shape.at(2) == 6);
  CHECK_THROWS_AS(shape.at(3), std::out_of_range);
}

TEST_CASE("views of caller memory up to the inline rank allocate no shape") {
  std::vector<double> buffer(64);
  kiln::Array v = kiln::Array::view(buffer.data(), {2, 2, 2, 2, 2, 2});
  CHECK(v.shape().capacity() == kiln::Dims::kInline);
  CHECK(v.strides() == kiln::Strides{32, 16, 8, 4, 2, 1});
  CHECK(v.size() == 64);
}
