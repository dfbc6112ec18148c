// Excel workbooks (.xlsx) built in memory with libxlsxwriter, which writes
// only to files: the workbook goes to a private temporary file whose bytes
// are returned and which is removed in every case.
#pragma once

#include <xlsxwriter.h>

#include <functional>
#include <string>

#include "base/status.h"
#include "base/temp_file.h"

namespace gk::documents {

// kConstant: every row goes to the worksheet's temporary file as soon as the
// next one is started, so a sheet of any length costs one row of memory;
// rows must then be written in order, each row's cells left to right.
enum class WorkbookMemory { kWhole, kConstant };

// The bytes of the workbook `fill` builds; `bold` is a bold cell format of
// the workbook. Internal if the file cannot be created or written.
Result<std::string> BuildWorkbook(const std::function<void(lxw_workbook* book, lxw_format* bold)>& fill,
                                  WorkbookMemory memory = WorkbookMemory::kWhole);
// The same, left in a temporary file: for a workbook of any size.
Result<TempFile> BuildWorkbookFile(const std::function<void(lxw_workbook* book, lxw_format* bold)>& fill,
                                   WorkbookMemory memory = WorkbookMemory::kWhole);

}  // namespace gk::documents
