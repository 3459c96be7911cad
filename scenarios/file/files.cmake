# The .mte scenario-file front end (scenarios/file/) and the built-in scenarios'
# .mte sources (scenarios/*.mte), embedded into the library so `--scenario NAME` works
# from any directory. Included from scenarios/CMakeLists.txt.
target_sources(tagrace_scenarios PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/lexer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_op.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_scenario.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_loader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/final_state.cpp
  ${PROJECT_SOURCE_DIR}/model/paths/huge_memory.cpp
  ${CMAKE_CURRENT_BINARY_DIR}/embedded_builtins.cpp)
file(GLOB TAGRACE_BUILTIN_MTE CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.mte)
set(TAGRACE_EMBEDDED "")
foreach(f ${TAGRACE_BUILTIN_MTE})
  file(READ ${f} text)
  get_filename_component(stem ${f} NAME_WE)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${f})
  string(APPEND TAGRACE_EMBEDDED "    {\"${stem}\", R\"mte(${text})mte\"},\n")
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/embedded_builtins.cpp.in ${CMAKE_CURRENT_BINARY_DIR}/embedded_builtins.cpp @ONLY)
