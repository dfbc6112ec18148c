// Package: zip packages (DOCX, XLSX, OFD) read into memory by extract's Zip
// (extract/zip.h) and written back with libzip; removing the OOXML document
// properties.
#include <zip.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "extract/zip.h"
#include "redact/internal.h"

namespace gk::redact::internal {
namespace {

Status Corrupt(std::string_view what) { return InvalidArgument("文件损坏：" + std::string(what)); }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsXmlLike(std::string_view name) {
  return EndsWith(name, ".xml") || EndsWith(name, ".rels") || EndsWith(name, ".vml") || EndsWith(name, ".txt");
}

}  // namespace

Result<Package> Package::Read(std::string_view bytes, const extract::Limits& limits) {
  ASSIGN_OR_RETURN(std::unique_ptr<extract::Zip> zip, extract::Zip::Open(bytes, limits));
  Package pkg;
  for (size_t i = 0; i < zip->Names().size(); ++i) {
    Entry e;
    e.name = zip->Names()[i];
    if (e.name.empty()) return Corrupt("无法读取压缩包目录");
    e.mtime = zip->MTime(i);
    if (e.name.back() != '/') {  // not a folder
      ASSIGN_OR_RETURN(e.data, zip->ReadAt(i));
    }
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
        if (removed_.count(PackagePath(dir, Attr(r, "Target").value()))) {
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


Result<extract::Relationships> ReadRels(Package& pkg, std::string_view part) {
  Entry* e = pkg.Find(extract::RelationshipsPartOf(part));
  if (!e) return extract::Relationships();
  pugi::xml_document doc;
  RETURN_IF_ERROR(ParseXml(*e, &doc));
  return extract::ParseRelationships(doc, part);
}

// ---- OOXML document properties ------------------------------------------------

namespace {

using extract::kAppProperties;
using extract::kCoreProperties;
using extract::PropertyName;

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
