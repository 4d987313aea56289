#include "support/test_data.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

#ifndef SKYKEEP_SOURCE_DIR
#error "SKYKEEP_SOURCE_DIR must be defined"
#endif

namespace skykeep::testing {

std::string shared_dir() {
  const char* env = std::getenv("SKYKEEP_SHARED");
  std::filesystem::path p = env && *env ? env : std::string(SKYKEEP_SOURCE_DIR) + "/../shared";
  std::error_code ec;
  if (!std::filesystem::is_directory(p / "testdata", ec)) return {};
  return std::filesystem::canonical(p, ec).string();
}

std::vector<std::filesystem::path> samples(const std::string& folder) {
  std::vector<std::filesystem::path> out;
  std::string dir = shared_dir();
  if (dir.empty()) return out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/testdata/" + folder, ec))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::byte> read_bytes(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::vector<char> c((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(c.size());
  if (!c.empty()) std::memcpy(out.data(), c.data(), c.size());
  return out;
}

namespace {

std::string key(const model::Topic& t) { return t.name() + "/" + std::to_string(t.instance()); }

}  // namespace

std::vector<std::string> diff(const model::Log& a, const model::Log& b) {
  std::vector<std::string> d;
  std::map<std::string, const model::Topic*> ta, tb;
  for (const auto& t : a.topics)
    if (t.count) ta[key(t)] = &t;
  for (const auto& t : b.topics)
    if (t.count) tb[key(t)] = &t;
  for (const auto& [k, t] : ta) {
    auto it = tb.find(k);
    if (it == tb.end()) {
      d.push_back("topic " + k + " only in the first");
      continue;
    }
    const model::Topic& u = *it->second;
    if (t->rows != u.rows) {
      d.push_back(k + ": " + std::to_string(t->rows) + " vs " + std::to_string(u.rows) + " rows");
      continue;
    }
    for (size_t r = 0; r < t->rows; ++r) {
      if (t->time_at(r) != u.time_at(r)) {
        d.push_back(k + ": time differs at row " + std::to_string(r));
        break;
      }
    }
    // Fields by name: the same values, byte for byte.
    for (size_t f = 0; f < t->schema.fields.size(); ++f) {
      const auto& fa = t->schema.fields[f];
      int g = u.schema.find(fa.name);
      if (g < 0) {
        d.push_back(k + ": field " + fa.name + " only in the first");
        continue;
      }
      const auto& fb = u.schema.fields[static_cast<size_t>(g)];
      if (fa.type != fb.type || fa.width() != fb.width()) {
        d.push_back(k + ": field " + fa.name + " changed type");
        continue;
      }
      if (std::memcmp(t->columns[f].bytes().data(),
                      u.columns[static_cast<size_t>(g)].bytes().data(),
                      t->rows * fa.width()) != 0) {
        d.push_back(k + ": field " + fa.name + " values differ");
      }
    }
    if (t->schema.fields.size() != u.schema.fields.size())
      d.push_back(k + ": " + std::to_string(t->schema.fields.size()) + " vs " +
                  std::to_string(u.schema.fields.size()) + " fields");
  }
  for (const auto& [k, t] : tb)
    if (!ta.count(k)) d.push_back("topic " + k + " only in the second");
  auto params = [&](const std::vector<model::Param>& x, const std::vector<model::Param>& y,
                    const char* what) {
    if (x.size() != y.size()) {
      d.push_back(std::string(what) + ": " + std::to_string(x.size()) + " vs " +
                  std::to_string(y.size()));
      return;
    }
    for (size_t i = 0; i < x.size(); ++i)
      if (x[i].name != y[i].name || x[i].value != y[i].value || x[i].is_int != y[i].is_int)
        d.push_back(std::string(what) + " " + x[i].name + " differs");
  };
  params(a.params.initial, b.params.initial, "params");
  std::vector<model::Param> ca, cb;
  for (const auto& c : a.params.changes) ca.push_back(c.param);
  for (const auto& c : b.params.changes) cb.push_back(c.param);
  params(ca, cb, "param changes");
  if (a.params.defaults.size() != b.params.defaults.size()) d.push_back("default params differ");
  if (a.texts.size() != b.texts.size()) {
    d.push_back("texts: " + std::to_string(a.texts.size()) + " vs " +
                std::to_string(b.texts.size()));
  } else {
    for (size_t i = 0; i < a.texts.size(); ++i) {
      const auto &x = a.texts[i], &y = b.texts[i];
      if (x.text != y.text || x.severity != y.severity || x.time_us != y.time_us ||
          x.tagged != y.tagged)
        d.push_back("text " + std::to_string(i) + " differs: '" + x.text + "' vs '" + y.text + "'");
    }
  }
  if (a.dropouts.size() != b.dropouts.size()) {
    d.push_back("dropouts differ");
  } else {
    for (size_t i = 0; i < a.dropouts.size(); ++i)
      if (a.dropouts[i].duration_ms != b.dropouts[i].duration_ms ||
          a.dropouts[i].time_us != b.dropouts[i].time_us)
        d.push_back("dropout " + std::to_string(i) + " differs");
  }
  return d;
}

}  // namespace skykeep::testing
