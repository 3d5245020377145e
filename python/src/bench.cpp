// Timing support for kiln.bench: the allocation-free call path of a compiled function timed in
// native code (no Python between calls), batch by batch.
#include "bindings.hpp"
#include "function.hpp"

#include <chrono>

namespace kiln::python {

void bind_bench(py::module_& m) {
  m.def("compile_times", [] { return compile_times_dict(kiln::compile_times()); },
        "The sums of this thread's compile-stage times (ms) and program counts since reset_compile_times().");
  m.def("reset_compile_times", &kiln::reset_compile_times);
  m.def("time_calls", [](const PyFunction& f, py::tuple args, std::int64_t calls, std::int64_t batches) {
         if (calls < 1 || batches < 1) throw py::value_error("time_calls: calls and batches must be positive");
         std::vector<Array> inputs = f.arguments(py::args(args), py::kwargs());
         py::list seconds;
         std::vector<double> per_call(static_cast<std::size_t>(batches));
         {
           py::gil_scoped_release release;
           // Outputs the size of a first call's, written into by every timed call.
           std::vector<Array> outputs;
           const Outputs first = f.function.call_positional(inputs);
           for (const auto& out : first.values()) outputs.push_back(out.copy());
           f.function.call_into_positional(outputs, inputs);
           for (auto& t : per_call) {
             auto start = std::chrono::steady_clock::now();
             for (std::int64_t i = 0; i < calls; ++i) f.function.call_into_positional(outputs, inputs);
             t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / static_cast<double>(calls);
           }
         }
         for (double t : per_call) seconds.append(t);
         return seconds;
       }, py::arg("f"), py::arg("args"), py::arg("calls"), py::arg("batches"),
       "Seconds per call of f's allocation-free path (call_into caller-owned outputs), one value per batch of `calls`.");
}

}  // namespace kiln::python
