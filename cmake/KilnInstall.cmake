# `cmake --install` gives a package that find_package(kiln) + target_link_libraries(app kiln::kiln) uses.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(TARGETS kiln kiln_bridgestan EXPORT kilnTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/kiln DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT kilnTargets NAMESPACE kiln:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kiln)
configure_package_config_file(cmake/kilnConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/kilnConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kiln)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/kilnConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/kilnConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/kilnConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kiln)
# The sampler library's build helpers: kiln_add_model (CMake) and the kiln-model command.
install(FILES cmake/KilnModel.cmake DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kiln)
if(KILN_MODEL_PCH_DIR)  # kiln-model's precompiled kiln/bridgestan.hpp (lib/bridgestan)
  install(FILES ${KILN_MODEL_PCH_DIR}/kiln/bridgestan.hpp.gch DESTINATION ${CMAKE_INSTALL_LIBDIR}/kiln/pch/kiln)
endif()
# The installed command finds the prefix from where it is; the build tree's names its folders.
set(KILN_MODEL_CXX ${CMAKE_CXX_COMPILER})
set(KILN_MODEL_PCH "")
if(KILN_MODEL_PCH_DIR)
  set(KILN_MODEL_PCH "$prefix/${CMAKE_INSTALL_LIBDIR}/kiln/pch")
endif()
set(KILN_MODEL_INCLUDE "$prefix/${CMAKE_INSTALL_INCLUDEDIR}")
set(KILN_MODEL_ARCHIVE "$prefix/${CMAKE_INSTALL_LIBDIR}/libkiln_bridgestan.a")
set(KILN_MODEL_LIBDIR "$prefix/${CMAKE_INSTALL_LIBDIR}")
configure_file(cmake/kiln-model.in ${CMAKE_CURRENT_BINARY_DIR}/install/kiln-model @ONLY)
install(PROGRAMS ${CMAKE_CURRENT_BINARY_DIR}/install/kiln-model DESTINATION ${CMAKE_INSTALL_BINDIR})
set(KILN_MODEL_INCLUDE "${PROJECT_SOURCE_DIR}/include")
set(KILN_MODEL_PCH "${KILN_MODEL_PCH_DIR}")
set(KILN_MODEL_ARCHIVE "$<TARGET_FILE:kiln_bridgestan>")
set(KILN_MODEL_LIBDIR "$<TARGET_FILE_DIR:kiln>")
configure_file(cmake/kiln-model.in ${CMAKE_CURRENT_BINARY_DIR}/kiln-model.in.build @ONLY)
file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/kiln-model INPUT ${CMAKE_CURRENT_BINARY_DIR}/kiln-model.in.build
  FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
