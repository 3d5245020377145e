// What a kiln model source includes. A model source defines
//
//   void kiln_model(const kiln::Data& data);
//
// which declares the model's variables with kiln::pm; it runs inside a fresh pm::Model (and
// its ModelContext) when a sampler calls bs_model_construct. Built by kiln_add_model (CMake) or
// `kiln-model build`, the source becomes <name>_model.so exporting BridgeStan's C ABI
// (kiln/bridgestan.h).
#pragma once

#include <kiln/bridgestan.h>
#include <kiln/data.hpp>
#include <kiln/kiln.hpp>

// Hidden: each model library calls its own kiln_model, even when several are loaded globally.
__attribute__((visibility("hidden"))) void kiln_model(const kiln::Data& data);

// The model's name (bs_name) is not set here but by the build: kiln_add_model and kiln-model
// compile a one-line source of their own defining kiln_model_name, so that this header means
// the same in every model and kiln-model can use a precompiled copy of it.
