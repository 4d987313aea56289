// MAVLink message definitions: the built-in set an operator needs, plus any dialect loaded at run
// time from MAVLink XML files. Computes wire order and CRC_EXTRA from the declarations, as the
// MAVLink specification defines them. Read-only after loading: safe to share across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "model/schema.h"

namespace skykeep::mavlink {

// A field as declared in a definition, in declaration order.
struct DeclaredField {
  std::string type;  // "uint16_t", "char", "uint8_t_mavlink_version", ...
  std::string name;
  uint32_t array = 0;  // 0: scalar
  std::string units;   // as declared ("degE7", "mm", "cm/s"), may be empty
  bool extension = false;
};

struct MessageDef {
  uint32_t id = 0;
  std::string name;
  uint8_t crc_extra = 0;
  uint32_t min_length = 0;           // payload bytes without extension fields (MAVLink 1 length)
  uint32_t max_length = 0;           // with extension fields
  std::vector<model::Field> fields;  // wire order, arrays flattened, units made physical
};

// Builds a definition: sorts base fields by element size for the wire, appends extensions in
// declaration order, computes CRC_EXTRA. Returns false (with *error) on an unknown type.
bool make_message(uint32_t id, std::string name, const std::vector<DeclaredField>& fields,
                  MessageDef* out, std::string* error);

class Dialect {
 public:
  // The built-in messages (HEARTBEAT, SYS_STATUS, GPS_RAW_INT, ... AUTOPILOT_VERSION).
  static const Dialect& builtin();

  // Loads a MAVLink XML file and, recursively, its <include>s (relative to the file, each once).
  // Its messages replace built-in or earlier ones with the same id. Errors name the file and line.
  Status load_xml(const std::string& path);

  const MessageDef* find(uint32_t id) const;
  const MessageDef* find(std::string_view name) const;
  size_t size() const { return messages_.size(); }
  void add(MessageDef def);

 private:
  Status load_xml_once(const std::string& path, std::vector<std::string>* seen, int depth);
  std::vector<MessageDef> messages_;
  std::unordered_map<uint32_t, size_t> by_id_;
};

}  // namespace skykeep::mavlink
