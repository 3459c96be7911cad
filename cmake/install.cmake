# Installs tagrace's libraries and headers and exports a CMake package, so that
# `find_package(tagrace)` gives tagrace::cli (and the libraries under it) to an
# out-of-tree strategy such as examples/custom-strategy.
include(CMakePackageConfigHelpers)
set(_tagrace_libs tagrace_model tagrace_engine tagrace_checkers tagrace_scenarios tagrace_reports
    tagrace_cli)
foreach(_t IN LISTS _tagrace_libs)
  if(NOT TARGET ${_t})
    return()
  endif()
endforeach()
install(TARGETS ${_tagrace_libs} EXPORT tagraceTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS tagrace RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(_dir model checkers scenarios reports app)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tagrace/${_dir}
    FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(EXPORT tagraceTargets NAMESPACE tagrace:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tagrace)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/tagraceConfig.cmake.in
  ${PROJECT_BINARY_DIR}/tagraceConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tagrace)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tagraceConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tagraceConfig.cmake ${PROJECT_BINARY_DIR}/tagraceConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tagrace)
