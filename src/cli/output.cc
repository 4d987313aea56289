#include "cli/output.h"

#include <cstdio>

namespace skykeep::cli {

Status FileEgress::open(std::string_view extension) {
  if (path_.empty() && name_) path_ = name_(extension);
  auto f = OutputFile::create(path_, force_);
  if (!f) return f.error();
  file_ = std::move(*f);
  return Status::Ok();
}

Status FileEgress::write(Bytes data) {
  return file_ ? file_->write(data) : Status::IOError(path_ + ": not open");
}

Status FileEgress::close() { return file_ ? file_->sync() : Status::IOError(path_ + ": not open"); }

Status FileEgress::publish() {
  return file_ ? file_->publish() : Status::IOError(path_ + ": not open");
}

Status StdoutEgress::write(Bytes data) {
  if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size())
    return Status::IOError("cannot write to standard output");
  return Status::Ok();
}

Status StdoutEgress::close() {
  return std::fflush(stdout) == 0 ? Status::Ok()
                                  : Status::IOError("cannot write to standard output");
}

Status write_output(const std::optional<std::string>& path, const std::string& text, bool force) {
  if (!path) {
    StdoutEgress out;
    if (Status s = out.write(as_bytes(text)); !s.ok()) return s;
    return out.close();
  }
  auto f = OutputFile::create(*path, force);
  if (!f) return f.error();
  if (Status s = (*f)->write(as_bytes(text)); !s.ok()) return s;
  return (*f)->commit();
}

}  // namespace skykeep::cli
