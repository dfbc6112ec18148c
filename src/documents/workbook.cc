#include "documents/workbook.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace gk::documents {

Result<TempFile> BuildWorkbookFile(const std::function<void(lxw_workbook* book, lxw_format* bold)>& fill,
                                   WorkbookMemory memory) {
  std::string path = (std::filesystem::temp_directory_path() / "gongkai-workbook-XXXXXX.xlsx").string();
  int fd = mkstemps(path.data(), 5);
  if (fd < 0) return Internal("cannot create a temporary file for the workbook");
  close(fd);
  lxw_workbook_options options{};
  options.constant_memory = memory == WorkbookMemory::kConstant ? LXW_TRUE : LXW_FALSE;
  const std::string tmpdir = std::filesystem::temp_directory_path().string();
  options.tmpdir = const_cast<char*>(tmpdir.c_str());
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  if (!book) {
    std::remove(path.c_str());
    return Internal("cannot create the workbook");
  }
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  fill(book, bold);
  lxw_error err = workbook_close(book);
  // Removed from the folder here whatever happened; kept open if written.
  auto file = TempFile::Adopt(path);
  if (err != LXW_NO_ERROR) return Internal(std::string("cannot write the workbook: ") + lxw_strerror(err));
  return file;
}

Result<std::string> BuildWorkbook(const std::function<void(lxw_workbook* book, lxw_format* bold)>& fill,
                                  WorkbookMemory memory) {
  ASSIGN_OR_RETURN(TempFile file, BuildWorkbookFile(fill, memory));
  return file.ReadAll();
}

}  // namespace gk::documents
