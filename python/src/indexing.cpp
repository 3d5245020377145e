// NumPy-style indexing of variables (x[2], x[1:3], x[1, ::2], x[[0, 2, 0]], x[i], x[idx, 0],
// x[:, idx]: one integer-array or integer-variable index among ints and slices) and PyTensor's
// writes through it: set_subtensor(x[idx], y), inc_subtensor(x[idx], y), x[idx].set(y) and
// x[idx].inc(y). PyTensor reads how x[idx] was indexed from its owner's op; kiln's index ops
// keep their entries private, so each variable built here is remembered with its index.
#include "bindings.hpp"
#include "convert.hpp"

#include <algorithm>
#include <memory>
#include <numeric>
#include <unordered_map>

namespace kiln::python {

namespace kt = kiln::tensor;

namespace {

// How one x[idx] was built: `index` holds its ints and slices; an advanced index (an integer
// array, or an integer variable) also has `indices`, taken along `axis` of x[index], where
// `index` holds a full slice in its place (x[1, idx] is x[1, :] gathered along axis 0).
struct Indexing {
  std::weak_ptr<VariableNode> result;  // the indexed variable: the entry holds while it lives
  Var base;                            // x
  std::vector<tensor::Index> index;    // ints and slices
  Var indices;                         // the advanced index, or null for basic indexing
  int axis = 0;                        // where indices takes its entries, in x[index]
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

// x[index] itself when the index is empty (x[idx] with only an advanced index).
Var region_of(const Indexing& entry) { return entry.index.empty() ? entry.base : kt::subtensor(entry.base, entry.index); }

// Moves `axis` of a variable of `ndim` dims to the front (its inverse with `back`).
std::vector<int> axis_to_front(int axis, int ndim) {
  std::vector<int> order{axis};
  for (int d = 0; d < ndim; ++d)
    if (d != axis) order.push_back(d);
  return order;
}
// The `count` leading dims of a variable of `ndim` dims moved to `axis` (after the dims before it).
std::vector<int> front_to_axis(int axis, int count, int ndim) {
  std::vector<int> order;
  for (int d = 0; d < axis; ++d) order.push_back(count + d);
  for (int d = 0; d < count; ++d) order.push_back(d);
  for (int d = count + axis; d < ndim; ++d) order.push_back(d);
  return order;
}

// region's entries `indices` along `axis`: NumPy's single advanced index, whose dims take the
// place of that axis (an integer scalar drops it).
Var gather(const Var& region, const Var& indices, int axis) {
  if (axis == 0) return region[indices];
  const Var gathered = kt::dimshuffle(region, axis_to_front(axis, region.ndim()))[indices];
  return kt::dimshuffle(gathered, front_to_axis(axis, indices.ndim(), gathered.ndim()));
}

// region with value written (set) or added (inc) at its entries `indices` along axis 0. A scalar
// index i is the gather region[[i]] without its length-1 axis: value gains that axis in front.
Var scatter_front(const Var& region, Var indices, Var value, bool set) {
  if (indices.ndim() == 0) {
    indices = kt::reshape(indices, std::vector<std::int64_t>{1});
    std::vector<int> order(static_cast<std::size_t>(value.ndim()) + 1);
    std::iota(order.begin(), order.end(), -1);
    value = kt::dimshuffle(value, order);
  }
  return set ? kt::advanced_set_subtensor(region, indices, value) : kt::advanced_inc_subtensor(region, indices, value);
}

// The same along `axis`: region and value (broadcast to the gathered shape first) turned so
// that axis leads, written there, and turned back.
Var scatter(const Var& region, const Var& indices, const Var& value, int axis, bool set) {
  if (axis == 0) return scatter_front(region, indices, value, set);
  const int ndim = region.ndim(), count = indices.ndim();
  const Var full = kt::second(gather(region, indices, axis), value);
  std::vector<int> value_order;  // the gathered dims first, then the others in order
  for (int d = 0; d < count; ++d) value_order.push_back(axis + d);
  for (int d = 0; d < full.ndim(); ++d)
    if (d < axis || d >= axis + count) value_order.push_back(d);
  const Var written = scatter_front(kt::dimshuffle(region, axis_to_front(axis, ndim)), indices,
                                    kt::dimshuffle(full, value_order), set);
  return kt::dimshuffle(written, front_to_axis(axis, 1, ndim));
}

Var getitem(const Var& self, py::handle key) {
  const std::string what = "index of " + to_string(self);
  Indexing entry{{}, self, {}, {}, 0};
  int dropped = 0;  // integer entries before the advanced one: x[index] has no axis for them
  auto add = [&](py::handle item) {
    if (!array_like(item)) {
      entry.index.push_back(index_entry(item, what));
      if (!entry.indices) dropped += entry.index.back().integer ? 1 : 0;
      return;
    }
    if (entry.indices)
      throw py::type_error(what + ": one integer-array or variable index per subscript is supported, got a second one");
    entry.indices = to_var(item, what);
    entry.axis = static_cast<int>(entry.index.size()) - dropped;
    entry.index.push_back(Slice{});
  };
  if (py::isinstance<py::tuple>(key)) {
    for (auto item : key) add(item);
  } else {
    add(key);
  }
  // An advanced index alone, or followed only by full slices, gathers x itself.
  if (entry.indices && entry.axis == 0 &&
      std::all_of(entry.index.begin(), entry.index.end(), [](const tensor::Index& i) {
        return i.slice && !i.slice->start && !i.slice->stop && !i.slice->step;
      }))
    entry.index.clear();
  const Var out = entry.indices ? gather(region_of(entry), entry.indices, entry.axis) : kt::subtensor(self, entry.index);
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
  if (!entry->indices)
    return set ? kt::set_subtensor(entry->base, entry->index, value) : kt::inc_subtensor(entry->base, entry->index, value);
  const Var written = scatter(region_of(*entry), entry->indices, value, entry->axis, set);
  return entry->index.empty() ? written : kt::set_subtensor(entry->base, entry->index, written);
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
