// NumPy-style indexing of variables (x[2], x[1:3], x[1, ::2], x[[0, 2, 0]], x[i]) and PyTensor's
// writes through it: set_subtensor(x[idx], y), inc_subtensor(x[idx], y), x[idx].set(y) and
// x[idx].inc(y). PyTensor reads how x[idx] was indexed from its owner's op; kiln's index ops
// keep their entries private, so each variable built here is remembered with its index.
#include "bindings.hpp"
#include "convert.hpp"

#include <memory>
#include <numeric>
#include <unordered_map>

namespace kiln::python {

namespace kt = kiln::tensor;

namespace {

// How one x[idx] was built.
struct Indexing {
  enum class Kind : std::uint8_t { basic, gather, symbolic_integer };
  std::weak_ptr<VariableNode> result;  // the indexed variable: the entry holds while it lives
  Kind kind = Kind::basic;
  Var base;                            // x
  std::vector<tensor::Index> index;    // basic: ints and slices
  Var indices;                         // gather: the integer array; symbolic_integer: the scalar
};

// Every variable __getitem__ built and still alive, by node. Read and written with the GIL held
// (every binding runs with it), so no lock: Python serializes the threads that index.
class IndexingTable {
 public:
  void remember(Indexing entry) {
    if (entries_.size() >= purge_at_) purge();
    const VariableNode* key = entry.result.lock().get();
    entries_.insert_or_assign(key, std::move(entry));
  }
  // The entry of `v`, or null: a node at an address an expired entry names is another one.
  const Indexing* find(const Var& v) const {
    auto it = entries_.find(v.get());
    if (it == entries_.end() || it->second.result.lock().get() != v.get()) return nullptr;
    return &it->second;
  }

 private:
  // Drops the entries of variables gone (and with them their bases and indices), at sizes that
  // double with what stays, so remembering costs amortized constant time.
  void purge() {
    std::erase_if(entries_, [](const auto& kv) { return kv.second.result.expired(); });
    purge_at_ = std::max<std::size_t>(1024, 2 * entries_.size());
  }
  std::unordered_map<const VariableNode*, Indexing> entries_;
  std::size_t purge_at_ = 1024;
};

IndexingTable& table() {
  static auto* t = new IndexingTable();  // never destroyed: Vars may outlive static destruction
  return *t;
}

tensor::Index index_entry(py::handle item, const std::string& what) {
  if (py::isinstance<py::slice>(item)) {
    auto bound = [&](const char* name) -> std::optional<std::int64_t> {
      py::object v = item.attr(name);
      if (v.is_none()) return std::nullopt;
      if (!py::hasattr(v, "__index__"))
        throw py::type_error(what + ": slice " + name + " must be an int or None, got " + type_name(v));
      return py::int_(v).cast<std::int64_t>();
    };
    return Slice{bound("start"), bound("stop"), bound("step")};
  }
  if (py::isinstance<py::int_>(item) || (!py::isinstance<Var>(item) && py::hasattr(item, "__index__")))
    return py::int_(py::reinterpret_borrow<py::object>(item)).cast<std::int64_t>();
  throw py::type_error(what + ": expected an int, a slice, an integer array or an integer variable, got " +
                       type_name(item));
}

bool array_like(py::handle key) {
  return py::isinstance<Var>(key) || py::isinstance<py::list>(key) ||
         (py::isinstance<py::array>(key) && py::reinterpret_borrow<py::array>(key).ndim() > 0);
}

Var getitem(const Var& self, py::handle key) {
  const std::string what = "index of " + to_string(self);
  Indexing entry{{}, Indexing::Kind::basic, self, {}, {}};
  Var out;
  if (array_like(key)) {
    entry.indices = to_var(key, what);
    out = self[entry.indices];  // an integer scalar indexes, an integer array gathers along axis 0
    entry.kind = entry.indices.ndim() == 0 ? Indexing::Kind::symbolic_integer : Indexing::Kind::gather;
  } else {
    if (py::isinstance<py::tuple>(key)) {
      for (auto item : key) entry.index.push_back(index_entry(item, what));
    } else {
      entry.index.push_back(index_entry(key, what));
    }
    out = kt::subtensor(self, entry.index);
  }
  entry.result = out.node();
  table().remember(std::move(entry));
  return out;
}

// x[idx] = y (set) or x[idx] += y on the x that `indexed` was indexed from; y broadcasts into
// the region. A gather's repeated indices each add their y (NumPy's np.add.at).
Var write(py::handle indexed, py::handle y, bool set, const std::string& fn) {
  const Indexing* entry = py::isinstance<Var>(indexed) ? table().find(indexed.cast<Var>()) : nullptr;
  if (!entry)
    throw py::type_error(fn + ": x must be the result of indexing a variable (x[idx]), got " +
                         (py::isinstance<Var>(indexed) ? to_string(indexed.cast<Var>()) : type_name(indexed)));
  const Var value = operand(y, indexed.cast<Var>(), fn + ": y");
  switch (entry->kind) {
    case Indexing::Kind::basic:
      return set ? kt::set_subtensor(entry->base, entry->index, value) : kt::inc_subtensor(entry->base, entry->index, value);
    case Indexing::Kind::gather:
      return set ? kt::advanced_set_subtensor(entry->base, entry->indices, value)
                 : kt::advanced_inc_subtensor(entry->base, entry->indices, value);
    case Indexing::Kind::symbolic_integer: {
      // x[i] is the gather x[[i]] without its length-1 axis: y gains that axis in front.
      const Var rows = kt::reshape(entry->indices, std::vector<std::int64_t>{1});
      std::vector<int> order(static_cast<std::size_t>(value.ndim()) + 1);
      std::iota(order.begin(), order.end(), -1);
      const Var row = kt::dimshuffle(value, order);
      return set ? kt::advanced_set_subtensor(entry->base, rows, row) : kt::advanced_inc_subtensor(entry->base, rows, row);
    }
  }
  return {};
}

}  // namespace

void bind_indexing(py::module_& tensor) {
  py::class_<Var> var = py::reinterpret_borrow<py::class_<Var>>(py::type::of<Var>());
  var.def("__getitem__", &getitem)
      .def("set", [](py::handle self, py::handle y) { return write(self, y, true, "set"); }, py::arg("y"),
           "x[idx].set(y): x with x[idx] replaced by y (set_subtensor).")
      .def("inc", [](py::handle self, py::handle y) { return write(self, y, false, "inc"); }, py::arg("y"),
           "x[idx].inc(y): x with y added to x[idx] (inc_subtensor).");
  tensor.def("set_subtensor", [](py::handle x, py::handle y) { return write(x, y, true, "set_subtensor"); },
             py::arg("x"), py::arg("y"), "set_subtensor(x[idx], y): x with x[idx] replaced by y.");
  tensor.def("inc_subtensor", [](py::handle x, py::handle y, bool set_instead_of_inc) {
               return write(x, y, set_instead_of_inc, "inc_subtensor");
             }, py::arg("x"), py::arg("y"), py::arg("set_instead_of_inc") = false,
             "inc_subtensor(x[idx], y): x with y added to x[idx] (repeated array indices each add).");
}

}  // namespace kiln::python
