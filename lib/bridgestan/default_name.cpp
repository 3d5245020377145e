// bs_name's answer for a model library linked without kiln_add_model or kiln-model, whose own
// one-line name source defines kiln_model_name and wins over this weak one. In a file of its
// own: abi.cpp must not see this definition's length, which is not the library's name's.
extern "C" __attribute__((visibility("hidden"), weak)) const char kiln_model_name[] = "kiln_model";
