// How the logbook commands present flights and events: UTC times, durations, and the JSON every
// command shares (keys documented in docs/vault.md, "Command output"). Pure functions.
#pragma once

#include <optional>
#include <string>

#include "analysis/flight.h"
#include "base/json_writer.h"
#include "vault/catalog.h"

namespace skykeep::present {

std::string utc_iso(int64_t us);      // 2026-05-01T10:00:20Z
std::string utc_iso_ms(int64_t us);   // 2026-05-01T10:00:20.350Z
std::string duration_text(double s);  // 45s, 3m35s, 1h02m
void flight_json(JsonWriter& j, const vault::FlightRow& f);
// "sources": [{"log", "name", "format", "sha256"}], the flight's log first.
void sources_json(JsonWriter& j, const std::vector<vault::Source>& sources);
void event_json(JsonWriter& j, const analysis::Event& e, const analysis::Summary& flight,
                std::optional<int64_t> utc_offset_us);
// "voltage_v=0.05, threshold_v=12" for a person.
std::string evidence_text(const analysis::Event& e);

}  // namespace skykeep::present
