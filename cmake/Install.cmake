# What `cmake --install` puts where (GNUInstallDirs), the CMake package and pkg-config file that
# let another program use the library, and the Debian package CPack builds from the same rules.
include(CMakePackageConfigHelpers)

# Debian names the documentation directory after the package, not after the CMake project.
set(OULU10_DOCDIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/oulu10-gdpr)

# Outside /usr, an installed binary finds its library beside it; under /usr (and in the .deb)
# the library is in the system's own directory, where a RUNPATH would only be in the way.
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set_target_properties(oulu10-gdpr PROPERTIES INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")
endif()

install(TARGETS oulu10-gdpr RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS oulu10gdpr EXPORT oulu10gdprTargets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/oulu10gdpr DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(OULU10_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/oulu10gdpr)
install(EXPORT oulu10gdprTargets NAMESPACE oulu10gdpr:: DESTINATION ${OULU10_CMAKE_DIR})
configure_package_config_file(cmake/oulu10gdprConfig.cmake.in
  ${PROJECT_BINARY_DIR}/oulu10gdprConfig.cmake INSTALL_DESTINATION ${OULU10_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/oulu10gdprConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)  # before 1.0, a minor version may change the interface
install(FILES ${PROJECT_BINARY_DIR}/oulu10gdprConfig.cmake
              ${PROJECT_BINARY_DIR}/oulu10gdprConfigVersion.cmake
        DESTINATION ${OULU10_CMAKE_DIR})

# Relative to the file itself, so that a tree installed with --prefix or unpacked from the .deb
# into any directory describes itself correctly.
file(RELATIVE_PATH OULU10_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" OULU10_PC_TO_PREFIX "${OULU10_PC_TO_PREFIX}")
configure_file(cmake/oulu10gdpr.pc.in ${PROJECT_BINARY_DIR}/oulu10gdpr.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/oulu10gdpr.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Clerks' commands in section 1, the administrator's purge in section 8; compressed as Debian
# policy (12.1) asks, with gzip -9n so that the same page gives the same bytes.
find_program(OULU10_GZIP gzip REQUIRED)
foreach(section 1 8)
  file(GLOB pages CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.${section})
  foreach(page ${pages})
    get_filename_component(name ${page} NAME)
    set(compressed ${PROJECT_BINARY_DIR}/man/${name}.gz)
    add_custom_command(OUTPUT ${compressed}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
      COMMAND sh -c "${OULU10_GZIP} -9n -c \"$1\" > \"$2\"" gzip ${page} ${compressed}
      DEPENDS ${page} VERBATIM)
    list(APPEND OULU10_MAN_PAGES ${compressed})
    install(FILES ${compressed} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
  endforeach()
endforeach()
add_custom_target(compressed_man_pages ALL DEPENDS ${OULU10_MAN_PAGES})

install(FILES completion/oulu10-gdpr.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME oulu10-gdpr)
file(GLOB OULU10_SCHEMAS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/schemas/*.schema.json)
install(FILES ${OULU10_SCHEMAS} DESTINATION ${CMAKE_INSTALL_DATADIR}/oulu10-gdpr/schemas)
install(FILES examples/oulu10-gdpr-purge.cron examples/oulu10-gdpr-purge.service
              examples/oulu10-gdpr-purge.timer examples/oulu10-gdpr-backup.service
              examples/oulu10-gdpr-backup.timer examples/sample.ndjson
        DESTINATION ${OULU10_DOCDIR}/examples)
install(PROGRAMS examples/kirjaamo-walkthrough.sh examples/bulk-export.sh
        DESTINATION ${OULU10_DOCDIR}/examples)
install(DIRECTORY examples/sms-survey DESTINATION ${OULU10_DOCDIR}/examples)

# A .deb whose dependencies dpkg-shlibdeps reads from the binaries: Debian's runtime packages.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME oulu10-gdpr)
set(CPACK_PACKAGE_CONTACT "City of Oulu, registry office <kirjaamo@ouka.fi>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Answers data-subject requests (access, portability, rectification, erasure,\nrestriction, objection, consent withdrawal) about the Oulu 10 register, and\npurges it within the retention periods of its privacy notice. Includes\nliboulu10gdpr with its headers, CMake package and pkg-config file.")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)  # programs linking liboulu10gdpr get a Depends
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
