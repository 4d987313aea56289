// Running the skykeep binary from tests: a private folder, commands with their exit code and
// output, synthesized logs. The binary is the one built beside the tests, or
// $SKYKEEP_TEST_BINARY (to run the same tests against another build). Not thread-safe (tests run
// one at a time per binary).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace skykeep::e2e {

struct Outcome {
  int code;
  std::string out, err;
};

// This test binary's own temporary folder.
inline std::string dir() {
  static std::string d = [] {
    std::string t = ::testing::TempDir() + "/skykeep-e2e-XXXXXX";
    return std::string(mkdtemp(t.data()));
  }();
  return d;
}

inline std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// The skykeep binary under test.
inline std::string binary() {
  const char* other = std::getenv("SKYKEEP_TEST_BINARY");
  return other && *other ? other : SKYKEEP_BINARY;
}

// Runs skykeep with args (a shell word list) and stdin from /dev/null.
inline Outcome run(const std::string& args) {
  std::string out = dir() + "/stdout", err = dir() + "/stderr";
  std::string cmd = binary() + " " + args + " </dev/null >" + out + " 2>" + err;
  int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(out), slurp(err)};
}

// The same, killed (and failing) if it has not ended after `seconds`.
inline Outcome run_bounded(int seconds, const std::string& args) {
  std::string out = dir() + "/stdout", err = dir() + "/stderr";
  std::string cmd = "timeout -s KILL " + std::to_string(seconds) + " " + binary() + " " + args +
                    " </dev/null >" + out + " 2>" + err;
  int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(out), slurp(err)};
}

// A one-line error as every command prints it.
inline bool one_line(const std::string& s) {
  return !s.empty() && s.find('\n') == s.size() - 1 && s.rfind("skykeep: ", 0) == 0;
}

inline std::string synth(const std::string& format, const std::string& name,
                         const std::string& extra = "") {
  std::string path = dir() + "/" + name;
  Outcome r = run("synth --format " + format + " -o " + path + " " + extra);
  EXPECT_EQ(r.code, 0) << r.err;
  return path;
}

inline std::vector<char> bytes(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return std::vector<char>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

inline void write(const std::string& p, const std::vector<char>& b) {
  std::ofstream(p, std::ios::binary).write(b.data(), static_cast<std::streamsize>(b.size()));
}

}  // namespace skykeep::e2e
