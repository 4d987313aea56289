// MAVLink message definitions: the built-in set an operator needs, plus any dialect loaded at run
// time from MAVLink XML files. Computes wire order and CRC_EXTRA from the declarations, as the
// MAVLink specification defines them. Read-only after loading: safe to share across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
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
  uint32_t min_length = 0;              // payload bytes without extension fields (MAVLink 1 length)
  uint32_t max_length = 0;              // with extension fields
  std::vector<model::Field> fields;     // wire order, arrays flattened, units made physical
  std::vector<DeclaredField> declared;  // as declared, for definitions_text()
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

  // The messages this dialect holds beyond (or instead of) the built-in ones, as text that
  // from_text() reads back: one message a line, "ID NAME FIELDS" with the fields as the
  // built-in table writes them ("uint8_t id;float[4] q;char[50] text;|;uint16_t ext"), in id
  // order. Empty when the dialect is the built-in set. A vault keeps it with each log it reads.
  std::string definitions_text() const;
  // The built-in messages, then those of a definitions_text(). Errors: Corruption naming the
  // line that does not read.
  static Result<Dialect> from_text(std::string_view text);

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
