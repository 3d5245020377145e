// A model library loaded as BridgeStan's clients load one: dlopen, then every C function by
// name (so one test process can hold several model libraries, each with its own bs_* symbols).
#pragma once

#include <kiln/bridgestan.h>

#include <dlfcn.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiln::test {

struct ModelLibrary {
  explicit ModelLibrary(const std::string& path) : handle(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
    if (handle == nullptr) throw std::runtime_error(std::string("dlopen: ") + dlerror());
  }
  ~ModelLibrary() { dlclose(handle); }
  ModelLibrary(const ModelLibrary&) = delete;
  ModelLibrary& operator=(const ModelLibrary&) = delete;

  template <class F>
  F* symbol(const char* name) const {
    void* p = dlsym(handle, name);
    if (p == nullptr) throw std::runtime_error(std::string("missing symbol ") + name);
    return reinterpret_cast<F*>(p);
  }

  void* handle;
#define KILN_BS_FUNCTION(name) decltype(&::name) name = symbol<std::remove_pointer_t<decltype(&::name)>>(#name)
  KILN_BS_FUNCTION(bs_model_construct);
  KILN_BS_FUNCTION(bs_model_destruct);
  KILN_BS_FUNCTION(bs_free_error_msg);
  KILN_BS_FUNCTION(bs_name);
  KILN_BS_FUNCTION(bs_model_info);
  KILN_BS_FUNCTION(bs_param_names);
  KILN_BS_FUNCTION(bs_param_unc_names);
  KILN_BS_FUNCTION(bs_param_num);
  KILN_BS_FUNCTION(bs_param_unc_num);
  KILN_BS_FUNCTION(bs_param_constrain);
  KILN_BS_FUNCTION(bs_param_unconstrain);
  KILN_BS_FUNCTION(bs_param_unconstrain_json);
  KILN_BS_FUNCTION(bs_param_initialize);
  KILN_BS_FUNCTION(bs_log_density);
  KILN_BS_FUNCTION(bs_log_density_gradient);
  KILN_BS_FUNCTION(bs_log_density_hessian);
  KILN_BS_FUNCTION(bs_log_density_hessian_vector_product);
  KILN_BS_FUNCTION(bs_rng_construct);
  KILN_BS_FUNCTION(bs_rng_destruct);
  KILN_BS_FUNCTION(bs_set_print_callback);
  KILN_BS_FUNCTION(kiln_logp_callback);
  KILN_BS_FUNCTION(kiln_log_density_gradient_batch);
#undef KILN_BS_FUNCTION
  const int& major = *symbol<const int>("bs_major_version");
  const int& minor = *symbol<const int>("bs_minor_version");
  const int& patch = *symbol<const int>("bs_patch_version");

  // A model, or a test failure carrying the library's message.
  std::shared_ptr<bs_model> construct(const char* data) const {
    char* error = nullptr;
    bs_model* m = bs_model_construct(data, 0, &error);
    if (m == nullptr) {
      std::string message = error ? error : "(no message)";
      bs_free_error_msg(error);
      throw std::runtime_error(message);
    }
    return std::shared_ptr<bs_model>(m, bs_model_destruct);
  }
  // The message of a call expected to fail (and freed), or "" when it did not fail. `error` by
  // reference: read after the call that is the other argument has set it.
  std::string take_error(int rc, char*& error) const {
    std::string message = rc == 0 ? "" : (error ? error : "(no message)");
    bs_free_error_msg(error);
    error = nullptr;
    return message;
  }
};

inline std::vector<std::string> split_names(const char* names) {
  std::vector<std::string> out;
  std::string s(names);
  if (s.empty()) return out;
  std::size_t start = 0;
  for (std::size_t comma; (comma = s.find(',', start)) != std::string::npos; start = comma + 1)
    out.push_back(s.substr(start, comma - start));
  out.push_back(s.substr(start));
  return out;
}

}  // namespace kiln::test
