// What the HTML extractor and the HTML redactor agree on about elements a
// reader does not see (gumbo trees; inside gk_extract and gk_redact only).
#pragma once

#include <gumbo.h>

namespace gk::extract::internal {

// The value of attribute `name`, or nullptr.
const char* HtmlAttr(const GumboElement& el, const char* name);

// Why the element is hidden by its `hidden` attribute or its inline style
// (display:none, visibility:hidden), or nullptr.
const char* HiddenByAttributes(const GumboElement& el);

}  // namespace gk::extract::internal
