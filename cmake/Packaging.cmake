# The Debian package: `cpack -G DEB` in a build folder where `gongkai` is
# built (docs/operations.md, "Installing the Debian package";
# tests/package/package_test.sh builds and runs it). These install rules
# describe that package's layout, prefix /usr; installing the tree anywhere
# else with `cmake --install` is not supported.

# cpack installs what is already built; it must not build every test suite
# first (the `preinstall` target otherwise depends on `all`).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

set(GK_PACKAGE_FILES ${PROJECT_SOURCE_DIR}/deploy/package)

install(TARGETS gongkai RUNTIME DESTINATION bin)
# paths.root: the templates, the static files and the data the server reads
# (message catalog, calendar, catalog, legal grounds, lexicon).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/templates ${PROJECT_SOURCE_DIR}/static ${PROJECT_SOURCE_DIR}/data
        DESTINATION share/gongkai)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/gongkai.service DESTINATION /lib/systemd/system)
install(FILES ${GK_PACKAGE_FILES}/gongkai.toml DESTINATION /etc/gongkai)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/operations.md
        ${PROJECT_SOURCE_DIR}/docs/user-guide.md ${PROJECT_SOURCE_DIR}/docs/architecture.md
        ${PROJECT_SOURCE_DIR}/docs/formats.md
        DESTINATION share/doc/gongkai)
install(FILES ${PROJECT_SOURCE_DIR}/gongkai.example.toml DESTINATION share/doc/gongkai/examples)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/nginx/gongkai.conf DESTINATION share/doc/gongkai/examples
        RENAME nginx-gongkai.conf)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gongkai)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
if(NOT CPACK_PACKAGE_CONTACT)
  set(CPACK_PACKAGE_CONTACT "Gongkai maintainers <root@localhost>")
endif()
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "government information disclosure server (政府信息公开)")
# The summary above is the first line; CPack indents these and turns the
# empty line into " .".
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Gongkai runs an office's government information disclosure work: proactive
disclosure with its review chain, applications with their statutory clock,
records, the annual report and supervision. One binary serves the public
portal and the staff pages, with SQLite or PostgreSQL 15.

The package runs it as the systemd service gongkai.service, as the user
gongkai, configured by /etc/gongkai/gongkai.toml.")
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The libraries from dpkg-shlibdeps; beside them what is read at run time:
# the t2s tables of OpenCC (search folding), the Noto CJK fonts (PDF letters
# and printouts) and adduser (postinst).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-noto-cjk, libopencc-data, tesseract-ocr-chi-sim")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx, postgresql-15")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${GK_PACKAGE_FILES}/conffiles ${GK_PACKAGE_FILES}/postinst ${GK_PACKAGE_FILES}/prerm ${GK_PACKAGE_FILES}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The build's debug information stays in the build folder.
set(CPACK_STRIP_FILES ON)
include(CPack)
