#include "vault/catalog.h"

namespace skykeep::vault {

std::string vehicle_uid(const model::Metadata& m) {
  if (!m.vehicle_id.empty()) return m.vehicle_id;
  if (!m.board_id.empty()) return m.board_id;
  std::string who = m.autopilot.empty() ? "autopilot" : m.autopilot;
  for (const std::string* part : {&m.vehicle_type, &m.hardware_version})
    if (!part->empty() && *part != "unknown") who += " " + *part;
  return "unidentified " + who;
}

}  // namespace skykeep::vault
