// Where commands write: output files written whole or not at all (base/file.h's OutputFile),
// never over an existing file without --force; standard output; and the one way human-readable
// text from input reaches the terminal (shown()). Not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/file.h"
#include "base/text.h"
#include "vault/egress.h"

namespace skykeep::cli {

// Text from input (names, messages, identifiers, error messages) as it may be printed on a
// terminal: base/text.h's printable().
inline std::string shown(std::string_view s) { return printable(s); }

// An export's or a share's file. The path is path, or name(extension) when path is empty (a
// default name that depends on what is written). Nothing appears under it until publish().
class FileEgress final : public vault::Egress {
 public:
  FileEgress(std::string path, bool force,
             std::function<std::string(std::string_view extension)> name = {})
      : path_(std::move(path)), force_(force), name_(std::move(name)) {}
  Status open(std::string_view extension) override;
  Status write(Bytes data) override;
  Status close() override;
  Status publish() override;
  // The path written (after open()).
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool force_;
  std::function<std::string(std::string_view)> name_;
  std::unique_ptr<OutputFile> file_;
};

// Standard output: bytes are seen as soon as written.
class StdoutEgress final : public vault::Egress {
 public:
  Status open(std::string_view) override { return Status::Ok(); }
  Status write(Bytes data) override;
  Status close() override;
  Status publish() override { return Status::Ok(); }
  bool immediate() const override { return true; }
};

// text to path, whole or not at all (without a path: to standard output).
Status write_output(const std::optional<std::string>& path, const std::string& text, bool force);

}  // namespace skykeep::cli
