# Writes a C++ source holding every migration file as a string literal.
# Inputs: OUT (the .cc to write), FILES (the .sql files, in order).
string(REPLACE "|" ";" FILES "${FILES}")
set(content "// Generated from migrations/*.sql; do not edit.\n#include \"store/migrate.h\"\n\nnamespace gk::store {\n\nconst std::vector<MigrationSource>& EmbeddedMigrations() {\n  static const std::vector<MigrationSource> kMigrations = {\n")
foreach(f ${FILES})
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^[0-9]+" version ${name})
  string(REGEX REPLACE "^0+([0-9])" "\\1" version ${version})
  file(READ ${f} sql)
  string(APPEND content "    {${version}, \"${name}\", R\"gksql(${sql})gksql\"},\n")
endforeach()
string(APPEND content "  };\n  return kMigrations;\n}\n\n}  // namespace gk::store\n")
file(WRITE ${OUT}.tmp "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
