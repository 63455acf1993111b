# What `cmake --install` puts where (GNUInstallDirs), the CMake package and pkg-config file that
# let another program use the library, and the Debian package CPack builds from the same rules.
include(CMakePackageConfigHelpers)

# Installed programs find the library beside them wherever the tree is unpacked; under /usr
# the path is the system's own library directory.
set_target_properties(oulu10-gdpr PROPERTIES
  INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")

install(TARGETS oulu10-gdpr RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS oulu10gdpr EXPORT oulu10gdprTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/oulu10gdpr DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(OULU10_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/oulu10gdpr)
install(EXPORT oulu10gdprTargets NAMESPACE oulu10gdpr:: DESTINATION ${OULU10_CMAKE_DIR})
configure_package_config_file(cmake/oulu10gdprConfig.cmake.in
  ${PROJECT_BINARY_DIR}/oulu10gdprConfig.cmake INSTALL_DESTINATION ${OULU10_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/oulu10gdprConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/oulu10gdprConfig.cmake
              ${PROJECT_BINARY_DIR}/oulu10gdprConfigVersion.cmake
        DESTINATION ${OULU10_CMAKE_DIR})

# Relative to the file itself, so that a tree installed with --prefix or unpacked from the .deb
# into any directory describes itself correctly.
file(RELATIVE_PATH OULU10_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(cmake/oulu10gdpr.pc.in ${PROJECT_BINARY_DIR}/oulu10gdpr.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/oulu10gdpr.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Clerks' commands in section 1, the administrator's purge in section 8.
file(GLOB OULU10_MAN1 CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.1)
file(GLOB OULU10_MAN8 CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.8)
install(FILES ${OULU10_MAN1} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${OULU10_MAN8} DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)

install(FILES completion/oulu10-gdpr.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME oulu10-gdpr)
file(GLOB OULU10_SCHEMAS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/schemas/*.schema.json)
install(FILES ${OULU10_SCHEMAS} DESTINATION ${CMAKE_INSTALL_DATADIR}/oulu10-gdpr/schemas)
install(FILES examples/oulu10-gdpr-purge.cron examples/oulu10-gdpr-purge.service
              examples/oulu10-gdpr-purge.timer examples/kirjaamo-walkthrough.sh
              examples/bulk-export.sh examples/sample.ndjson
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(DIRECTORY examples/sms-survey DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# A .deb whose dependencies dpkg-shlibdeps reads from the binaries: Debian's runtime packages.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME oulu10-gdpr)
set(CPACK_PACKAGE_CONTACT "City of Oulu, registry office <kirjaamo@ouka.fi>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Answers data-subject requests (access, portability, rectification, erasure, restriction,\nobjection, consent withdrawal) about the Oulu 10 register and purges it within the\nretention periods of its privacy notice; liboulu10gdpr, its headers and man pages.")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
