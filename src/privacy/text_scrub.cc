#include "privacy/text_scrub.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include "base/utc.h"

namespace skykeep::privacy {
namespace {

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

std::string replace_ids(std::string s, const ScrubOptions& o) {
  // Known identifiers first, then runs of hex that look like one (UUIDs, board ids), then
  // serial-number-like words.
  for (const auto& id : *o.ids) {
    std::string rep = o.replace_id(id);
    for (size_t at = s.find(id); at != std::string::npos; at = s.find(id, at + rep.size()))
      s.replace(at, id.size(), rep);
  }
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i, digits = 0;
    while (j < s.size() &&
           (hex(s[j]) || (s[j] == ' ' && j + 1 < s.size() && hex(s[j + 1]) && digits >= 4)) &&
           !(j >= 5 && s.compare(j - 5, 5, "anon-") == 0 && j == i)) {
      if (hex(s[j])) ++digits;
      ++j;
    }
    bool word_start = i == 0 || !alnum(s[i - 1]);
    bool after_anon = i >= 5 && s.compare(i - 5, 5, "anon-") == 0;
    if (digits >= 12 && word_start && !after_anon && (j == s.size() || !alnum(s[j]))) {
      while (j > i && s[j - 1] == ' ') --j;
      out += "[id]";
      i = j;
      continue;
    }
    out += s[i++];
  }
  s.swap(out);
  out.clear();
  i = 0;
  while (i < s.size()) {
    size_t j = i;
    int digits = 0, letters = 0;
    while (j < s.size() && alnum(s[j])) {
      (digit(s[j]) ? digits : letters) += 1;
      ++j;
    }
    if (j == i) {
      out += s[i++];
      continue;
    }
    bool pseudo = i >= 5 && s.compare(i - 5, 5, "anon-") == 0 &&
                  o.is_pseudonym(std::string_view(s).substr(i - 5, j - i + 5));
    if (j - i >= 8 && digits >= 2 && letters >= 2 && !pseudo)
      out += o.replace_id(std::string_view(s).substr(i, j - i));
    else
      out.append(s, i, j - i);
    i = j;
  }
  return out;
}

bool valid_date(long y, long m, long d) {
  return y >= 1980 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
bool month_word(std::string_view w) {
  if (w.size() < 3) return false;
  std::string l(w);
  std::transform(l.begin(), l.end(), l.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const char* full[] = {"january",  "february", "march",  "april",     "may",
                               "june",     "july",     "august", "september", "october",
                               "november", "december", "sept"};
  for (const char* m : kMonths)
    if (l == m) return true;
  return std::any_of(std::begin(full), std::end(full), [&](const char* f) { return l == f; });
}

// Dates, times of day and Unix times become "[date]" and "[time]".
std::string replace_times(const std::string& s, const ScrubOptions& o) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    bool start = digit(s[i]) && (i == 0 || !alnum(s[i - 1]));
    if (!start) {
      // A month's name with a day and a year around it: "Mar 18 2024", "18 March 2024".
      if (std::isalpha(static_cast<unsigned char>(s[i])) && (i == 0 || !alnum(s[i - 1]))) {
        size_t j = i;
        while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
        if (month_word(std::string_view(s).substr(i, j - i)) && j < s.size() && s[j] == ' ' &&
            j + 1 < s.size() && digit(s[j + 1])) {
          size_t k = j + 1;
          while (k < s.size() && (digit(s[k]) || s[k] == ',' || s[k] == ' ')) ++k;
          while (k > j && !digit(s[k - 1])) --k;
          out += "[date]";
          i = k;
          continue;
        }
        out.append(s, i, j - i);
        i = j;
        continue;
      }
      out += s[i++];
      continue;
    }
    // Up to three groups of digits with one separator between each.
    std::vector<std::pair<size_t, size_t>> groups;  // begin, end
    std::vector<char> seps;
    size_t j = i;
    while (true) {
      size_t b = j;
      while (j < s.size() && digit(s[j])) ++j;
      groups.push_back({b, j});
      if (groups.size() == 3 || j + 1 >= s.size() || !std::strchr("-_/.:", s[j]) ||
          !digit(s[j + 1]))
        break;
      seps.push_back(s[j]);
      ++j;
    }
    auto num = [&](size_t g) {
      return std::stol(s.substr(groups[g].first, groups[g].second - groups[g].first));
    };
    auto len = [&](size_t g) { return groups[g].second - groups[g].first; };
    size_t end = groups.back().second;
    bool followed = end < s.size() && alnum(s[end]);
    std::string rep;
    if (groups.size() == 3 && len(0) <= 4 && len(1) <= 2 && len(2) <= 4) {
      bool date_seps = std::strchr("-_/.", seps[0]) && seps[0] == seps[1];
      // A date with the year first, or last (after the day or the month).
      if (date_seps &&
          ((len(0) == 4 && len(2) <= 2 && valid_date(num(0), num(1), num(2))) ||
           (len(2) == 4 && len(0) <= 2 &&
            (valid_date(num(2), num(1), num(0)) || valid_date(num(2), num(0), num(1))))))
        rep = "[date]";
      else if (seps[0] == seps[1] && std::strchr(":_-", seps[0]) && len(0) <= 2 && len(1) == 2 &&
               len(2) == 2 && num(0) < 24 && num(1) < 60 && num(2) < 61)
        rep = "[time]";
    } else if (groups.size() == 2 && seps[0] == ':' && len(0) <= 2 && len(1) == 2 && num(0) < 24 &&
               num(1) < 60) {
      rep = "[time]";
    } else if (groups.size() == 1 && !followed) {
      size_t n = len(0);
      std::string digits = s.substr(groups[0].first, n);
      if (n == 8 && valid_date(std::stol(digits.substr(0, 4)), std::stol(digits.substr(4, 2)),
                               std::stol(digits.substr(6, 2))))
        rep = "[date]";
      else if (n >= 9 && n <= 19) {
        double v = std::stod(digits);
        Facts none;
        const Facts& f = o.facts ? *o.facts : none;
        for (const auto& e : utc_encodings())
          if (e.epoch_us == 0 && e.per_us >= 1e-6 && is_utc(v, e, f)) rep = "[time]";
      } else if (n == 4 && o.facts && o.facts->utc_offset_us) {
        long y = std::stol(digits);
        long lo = utc_year(o.facts->utc_lo), hi = utc_year(o.facts->utc_hi);
        if (y >= lo - 1 && y <= hi + 1) rep = "[date]";
      }
    }
    if (!rep.empty()) {
      // A fraction of a second goes with its time.
      if (rep == "[time]" && end + 1 < s.size() && s[end] == '.' && digit(s[end + 1]))
        for (++end; end < s.size() && digit(s[end]);) ++end;
      out += rep;
    } else {
      out.append(s, i, end - i);
    }
    i = end;
  }
  return out;
}

std::string replace_positions(const std::string& s) {
  std::string o;
  size_t i = 0;
  while (i < s.size()) {
    bool start = digit(s[i]) && (i == 0 || !alnum(s[i - 1]));
    if (!start) {
      o += s[i++];
      continue;
    }
    size_t j = i, before_point = 0, after_point = 0;
    while (j < s.size() && digit(s[j])) ++j, ++before_point;
    if (j < s.size() && s[j] == '.') {
      ++j;
      while (j < s.size() && digit(s[j])) ++j, ++after_point;
    }
    if (after_point >= 4 || before_point >= 7)
      o += "[position]";
    else
      o.append(s, i, j - i);
    i = j;
  }
  return o;
}

}  // namespace

std::string scrub_text(std::string s, const ScrubOptions& o) {
  if (o.ids) s = replace_ids(std::move(s), o);
  if (o.times) s = replace_times(s, o);
  if (o.positions) s = replace_positions(s);
  return s;
}

bool is_warning_text(std::string_view line) {
  std::string up(line);
  std::transform(up.begin(), up.end(), up.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const char* w : {"WARN", "ERROR", "ERR:", "FAIL", "PANIC", "CRITICAL", "EMERGENCY", "PREARM",
                        "BAD ", "LOST"})
    if (up.find(w) != std::string::npos) return true;
  return false;
}

std::string warning_lines(const std::string& s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t e = s.find('\n', i);
    std::string_view line(s.data() + i, (e == std::string::npos ? s.size() : e) - i);
    if (is_warning_text(line)) {
      out.append(line);
      out += '\n';
    }
    if (e == std::string::npos) break;
    i = e + 1;
  }
  return out;
}

}  // namespace skykeep::privacy
