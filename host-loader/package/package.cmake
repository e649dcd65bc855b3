# libhuhost beside the static archive: the shared library (soname libhuhost.so.0, the API under
# the version node HUHOST_0, libelf and pthread as its own dependencies so that -lhuhost works
# alone), libhuhost.pc for pkg-config, and the CMake package hupcall (hupcall::huhost).
# Included from host-loader/CMakeLists.txt after the components are defined.
set(HUHOST_SOVERSION 0)
add_library(huhost_shared SHARED package/empty.c)
target_link_libraries(huhost_shared PRIVATE
  -Wl,--whole-archive huhost_core huhost_loader huhost_tools -Wl,--no-whole-archive
  ${HUPCALL_LIBELF} Threads::Threads)
target_link_options(huhost_shared PRIVATE
  -Wl,--version-script=${CMAKE_CURRENT_SOURCE_DIR}/package/huhost.map -Wl,--no-undefined)
set_target_properties(huhost_shared PROPERTIES OUTPUT_NAME huhost
  VERSION ${PROJECT_VERSION} SOVERSION ${HUHOST_SOVERSION}
  LINK_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/package/huhost.map)
install(TARGETS huhost_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})

configure_file(package/libhuhost.pc.in ${PROJECT_BINARY_DIR}/lib/pkgconfig/libhuhost.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/lib/pkgconfig/libhuhost.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

include(CMakePackageConfigHelpers)
set(HUPCALL_CONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/hupcall)
file(RELATIVE_PATH HUPCALL_CONFIG_TO_PREFIX /prefix/${HUPCALL_CONFIG_DIR} /prefix)
configure_file(package/hupcallConfig.cmake.in
               ${CMAKE_CURRENT_BINARY_DIR}/package/hupcallConfig.cmake @ONLY)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/package/hupcallConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/package/hupcallConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/package/hupcallConfigVersion.cmake
        DESTINATION ${HUPCALL_CONFIG_DIR})
