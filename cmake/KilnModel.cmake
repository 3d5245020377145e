# kiln_add_model(<name> <source>...): builds <name>_model.so (target <name>_model), a model
# library exporting BridgeStan's C ABI from model sources that define
# `void kiln_model(const kiln::Data&)` (see kiln/bridgestan.hpp). Provided by find_package(kiln)
# and inside kiln's own build.
function(kiln_add_model name)
  if(CMAKE_VERSION VERSION_LESS 3.24)
    message(FATAL_ERROR "kiln_add_model needs CMake 3.24 or newer (LINK_LIBRARY:WHOLE_ARCHIVE)")
  endif()
  if(NOT ARGN)
    message(FATAL_ERROR "kiln_add_model(${name}): no model source given")
  endif()
  set(target ${name}_model)
  add_library(${target} SHARED ${ARGN})
  # BridgeStan names model libraries <name>_model.so, without the lib prefix.
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME ${name}_model
    CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
  # bs_name's answer, in a source of its own: kiln/bridgestan.hpp stays the same for every model.
  set(name_source ${CMAKE_CURRENT_BINARY_DIR}/${target}_name.cpp)
  file(CONFIGURE OUTPUT ${name_source} CONTENT
    "extern \"C\" __attribute__((visibility(\"hidden\"))) const char kiln_model_name[] = R\"kiln_name(${name})kiln_name\";\n")
  target_sources(${target} PRIVATE ${name_source})
  # Whole: the model source references none of the C functions, which are the library's point.
  target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,kiln::bridgestan>" kiln::kiln)
endfunction()
