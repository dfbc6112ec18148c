// Package: zip packages (DOCX, XLSX, OFD) read into memory against the
// extraction limits and written back with libzip; XML helpers; the OOXML
// document properties.
#include <zip.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "redact/internal.h"

namespace gk::redact::internal {
namespace {

constexpr size_t kChunk = 64 << 10;

Status Corrupt(std::string_view what) { return InvalidArgument("文件损坏：" + std::string(what)); }
Status Bomb() { return TooLarge("解压后内容过大（疑似压缩炸弹）"); }
Status Encrypted() { return FailedPrecondition("文件已加密，无法检查"); }

struct ArchiveCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsXmlLike(std::string_view name) {
  return EndsWith(name, ".xml") || EndsWith(name, ".rels") || EndsWith(name, ".vml") || EndsWith(name, ".txt");
}

Result<std::string> ReadEntry(zip_t* archive, zip_uint64_t index, const std::string& name,
                              const extract::Limits& limits, size_t* used) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive, index, ZIP_FL_ENC_RAW, &st) != 0) return Corrupt("无法读取 " + name);
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) return Encrypted();
  const size_t budget = std::min(limits.max_part_bytes, limits.max_uncompressed_bytes - *used);
  if ((st.valid & ZIP_STAT_SIZE) && st.size > budget) return Bomb();
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive, index, 0));
  if (!file) {
    int code = zip_error_code_zip(zip_get_error(archive));
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP) return Encrypted();
    return Corrupt("无法解压 " + name);
  }
  const uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? std::max<uint64_t>(st.comp_size, 1) : 1;
  std::string out;
  std::vector<char> buf(kChunk);
  for (;;) {
    zip_int64_t got = zip_fread(file.get(), buf.data(), buf.size());
    if (got < 0) return Corrupt("无法解压 " + name);
    if (got == 0) break;
    if (out.size() + static_cast<size_t>(got) > budget) return Bomb();
    out.append(buf.data(), static_cast<size_t>(got));
    if (out.size() > (1u << 20) && static_cast<double>(out.size()) > limits.max_compression_ratio * comp) {
      return Bomb();
    }
  }
  *used += out.size();
  return out;
}

}  // namespace

Result<Package> Package::Read(std::string_view bytes, const extract::Limits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) {
    zip_error_fini(&error);
    return Internal("zip_source_buffer_create failed");
  }
  std::unique_ptr<zip_t, ArchiveCloser> archive(zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(src);
    return Corrupt("无法作为 zip 包读取");
  }
  zip_int64_t n = zip_get_num_entries(archive.get(), 0);
  if (n < 0) return Corrupt("无法作为 zip 包读取");
  if (static_cast<uint64_t>(n) > limits.max_entries) return TooLarge("压缩包内文件过多（疑似压缩炸弹）");
  Package pkg;
  size_t used = 0;
  for (zip_int64_t i = 0; i < n; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    const char* name = zip_get_name(archive.get(), index, ZIP_FL_ENC_RAW);
    if (!name) return Corrupt("无法读取压缩包目录");
    Entry e;
    e.name = name;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive.get(), index, 0, &st) == 0 && (st.valid & ZIP_STAT_MTIME)) e.mtime = st.mtime;
    if (!e.name.empty() && e.name.back() == '/') {  // a folder
      pkg.entries_.push_back(std::move(e));
      continue;
    }
    ASSIGN_OR_RETURN(e.data, ReadEntry(archive.get(), index, e.name, limits, &used));
    pkg.entries_.push_back(std::move(e));
  }
  return pkg;
}

Entry* Package::Find(std::string_view name) {
  for (Entry& e : entries_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

void Package::Remove(std::string_view name) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.name == name; });
  if (it == entries_.end()) return;
  removed_.insert(it->name);
  entries_.erase(it);
}

Status Package::Prune() {
  if (removed_.empty()) return Status::Ok();
  RETURN_IF_ERROR(EditXml(*this, "[Content_Types].xml", [&](pugi::xml_document& doc) {
    bool changed = false;
    for (pugi::xml_node o : Elements(doc, "Override")) {
      std::string part = Attr(o, "PartName").value();
      if (!part.empty() && part[0] == '/') part.erase(0, 1);
      if (removed_.count(part)) {
        o.parent().remove_child(o);
        changed = true;
      }
    }
    return changed;
  }));
  std::vector<std::string> rels;
  for (const Entry& e : entries_) {
    if (EndsWith(e.name, ".rels")) rels.push_back(e.name);
  }
  for (const std::string& name : rels) {
    // "word/_rels/document.xml.rels": targets are relative to "word/".
    std::string dir = DirOf(name);
    if (EndsWith(dir, "_rels/")) dir.resize(dir.size() - 6);
    RETURN_IF_ERROR(EditXml(*this, name, [&](pugi::xml_document& doc) {
      bool changed = false;
      for (pugi::xml_node r : Elements(doc, "Relationship")) {
        if (std::string_view(Attr(r, "TargetMode").value()) == "External") continue;
        if (removed_.count(ResolvePath(dir, Attr(r, "Target").value()))) {
          r.parent().remove_child(r);
          changed = true;
        }
      }
      return changed;
    }));
  }
  return Status::Ok();
}

Result<std::string> Package::Write() const {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) {
    zip_error_fini(&error);
    return Internal("zip_source_buffer_create failed");
  }
  zip_source_keep(buffer);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  auto fail = [&](const char* what) {
    if (z) zip_discard(z);
    zip_source_free(buffer);
    return Internal(std::string("写出压缩包失败：") + what);
  };
  if (!z) return fail("zip_open_from_source");
  for (const Entry& e : entries_) {
    zip_int64_t index = -1;
    if (!e.name.empty() && e.name.back() == '/') {
      index = zip_dir_add(z, e.name.c_str(), ZIP_FL_ENC_UTF_8);
    } else {
      zip_source_t* s = zip_source_buffer(z, e.data.data(), e.data.size(), 0);
      if (!s) return fail("zip_source_buffer");
      index = zip_file_add(z, e.name.c_str(), s, ZIP_FL_ENC_UTF_8);
      if (index < 0) {
        zip_source_free(s);
        return fail("zip_file_add");
      }
    }
    if (index < 0) return fail("zip_dir_add");
    if (e.mtime > 0) zip_file_set_mtime(z, static_cast<zip_uint64_t>(index), e.mtime, 0);
  }
  if (zip_close(z) != 0) return fail("zip_close");  // on failure the archive is still ours to discard
  z = nullptr;
  std::string out;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_open(buffer) != 0 || zip_source_stat(buffer, &st) != 0) return fail("read back");
  out.resize(st.size);
  zip_int64_t got = zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) return Internal("写出压缩包失败：read back");
  return out;
}

Status Package::CheckUntouched(const std::set<std::string>& rewritten, const std::vector<Withhold>& withhold) const {
  for (const Entry& e : entries_) {
    if (rewritten.count(e.name) || !IsXmlLike(e.name)) continue;
    for (const Withhold& w : withhold) {
      if (e.data.find(w.text) != std::string::npos) {
        return FailedPrecondition("文件部件 " + e.name + " 中含有被删除的内容，本系统无法安全处理该部件");
      }
    }
  }
  return Status::Ok();
}

// ---- XML ----------------------------------------------------------------------

Status ParseXml(const Entry& entry, pugi::xml_document* doc) {
  const unsigned options = pugi::parse_default | pugi::parse_declaration | pugi::parse_doctype | pugi::parse_pi |
                           pugi::parse_comments | pugi::parse_ws_pcdata;
  pugi::xml_parse_result r = doc->load_buffer(entry.data.data(), entry.data.size(), options, pugi::encoding_utf8);
  if (!r) {
    return InvalidArgument("文件损坏：" + entry.name + " 不是有效的 XML（第 " + std::to_string(r.offset) + " 字节）");
  }
  return Status::Ok();
}

std::string SerializeXml(const pugi::xml_document& doc) {
  struct Writer : pugi::xml_writer {
    std::string out;
    void write(const void* data, size_t size) override { out.append(static_cast<const char*>(data), size); }
  } writer;
  doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return std::move(writer.out);
}


namespace {

// Visits the subtree under `root` in document order without recursion.
template <typename Visit>
void Walk(const pugi::xml_node& root, Visit&& visit) {
  pugi::xml_node node = root.first_child();
  while (node) {
    visit(node);
    if (node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      if (node == root) node = pugi::xml_node();
    }
    if (node) node = node.next_sibling();
  }
}

}  // namespace

std::vector<pugi::xml_node> Elements(const pugi::xml_node& root, std::string_view local) {
  std::vector<pugi::xml_node> out;
  Walk(root, [&](const pugi::xml_node& n) {
    if (n.type() == pugi::node_element && LocalName(n) == local) out.push_back(n);
  });
  return out;
}

std::vector<pugi::xml_node> TextNodes(const pugi::xml_node& root) {
  std::vector<pugi::xml_node> out;
  Walk(root, [&](const pugi::xml_node& n) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) out.push_back(n);
  });
  return out;
}

std::string TextOf(const pugi::xml_node& root) {
  std::string out;
  for (const pugi::xml_node& n : TextNodes(root)) out += n.value();
  return out;
}

std::string DirOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(path.substr(0, slash + 1));
}

std::string ResolvePath(std::string_view base_dir, std::string_view target) {
  std::string joined = !target.empty() && target[0] == '/' ? std::string(target.substr(1))
                                                            : std::string(base_dir) + std::string(target);
  std::replace(joined.begin(), joined.end(), '\\', '/');
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string part = joined.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) return "";
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(std::move(part));
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// ---- OOXML document properties ------------------------------------------------

namespace {

using extract::internal::kAppProperties;
using extract::internal::kCoreProperties;
using extract::internal::PropertyName;

template <size_t N>
bool RemoveNamed(pugi::xml_document& doc, const PropertyName (&names)[N], Work& work) {
  bool changed = false;
  pugi::xml_node root = doc.document_element();
  for (const PropertyName& p : names) {
    for (pugi::xml_node n = Child(root, p.local); n; n = Child(root, p.local)) {
      if (!TextOf(n).empty()) work.Strip(std::string("文档属性：") + p.label);
      root.remove_child(n);
      changed = true;
    }
  }
  return changed;
}

}  // namespace

Status StripOfficeProperties(Package& pkg, Work& work) {
  RETURN_IF_ERROR(EditXml(pkg, "docProps/core.xml", [&](pugi::xml_document& doc) { return RemoveNamed(doc, kCoreProperties, work); }));
  RETURN_IF_ERROR(EditXml(pkg, "docProps/app.xml", [&](pugi::xml_document& doc) { return RemoveNamed(doc, kAppProperties, work); }));
  RETURN_IF_ERROR(EditXml(pkg, "docProps/custom.xml", [&](pugi::xml_document& doc) {
    bool changed = false;
    for (pugi::xml_node p : Elements(doc, "property")) {
      work.Strip(std::string("文档属性：") + Attr(p, "name").value());
      p.parent().remove_child(p);
      changed = true;
    }
    return changed;
  }));
  std::vector<std::string> thumbnails;
  for (const Entry& e : pkg.entries()) {
    if (e.name.rfind("docProps/thumbnail", 0) == 0) thumbnails.push_back(e.name);
  }
  for (const std::string& t : thumbnails) {
    pkg.Remove(t);
    work.Strip("缩略图");
  }
  return Status::Ok();
}

}  // namespace gk::redact::internal
