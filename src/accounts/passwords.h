// The password policy.
#pragma once

#include <string>

#include "base/config.h"
#include "base/status.h"

namespace gk::accounts {

// OK, or InvalidArgument with a message for the user: too short (fewer than
// security.min_password_length characters), too long (over 256 bytes), not
// UTF-8, control characters, or only one kind of character.
Status CheckPasswordPolicy(const std::string& password, const SecurityConfig& security);

}  // namespace gk::accounts
