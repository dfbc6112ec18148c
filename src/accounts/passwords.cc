#include "accounts/passwords.h"

#include "base/strings.h"

namespace gk::accounts {

Status CheckPasswordPolicy(const std::string& password, const SecurityConfig& security) {
  if (!IsValidUtf8(password) || HasControlChars(password)) {
    return InvalidArgument("密码含有无效字符");
  }
  if (password.size() > 256) return InvalidArgument("密码过长（不超过 256 字节）");
  if (Utf8Length(password) < static_cast<size_t>(security.min_password_length)) {
    return InvalidArgument("密码至少需要 " + std::to_string(security.min_password_length) + " 个字符");
  }
  bool letter = false, digit = false, other = false;
  for (unsigned char c : password) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letter = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
  }
  if (letter + digit + other < 2) return InvalidArgument("密码需包含字母、数字、符号中的至少两类");
  return Status::Ok();
}

}  // namespace gk::accounts
