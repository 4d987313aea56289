// skykeep import PATH... [--vault DIR] [--passphrase-file FILE] [--mavlink-xml FILE] [--json]
#include "vault/import.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "base/json_writer.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace skykeep::cli {

int import_logs(const Args& args) {
  size_t used = 0;
  auto o = vault_options(args, &used);
  if (!o) return fail("import", o.error());
  bool json = false;
  formats::ReaderOptions options;
  std::vector<std::string> paths;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--vault" || a == "--passphrase-file") {
      ++i;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--mavlink-xml") {
      if (i + 1 >= args.size())
        return fail("import", Status::InvalidArgument("--mavlink-xml needs a file"));
      options.mavlink_xml.push_back(args[++i]);
    } else if (a.rfind("--", 0) == 0) {
      return fail("import", Status::InvalidArgument("unknown option " + a));
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) return fail("import", Status::InvalidArgument("no file or folder given"));
  if (Status s = formats::prepare(&options); !s.ok()) return fail("--mavlink-xml", s);
  auto v = open_vault(*o);
  if (!v) return fail("import", v.error());

  // Files, and folders recursively, in a stable order. Inside a folder, what is neither a
  // folder nor a regular file (a FIFO, a device, a socket) is skipped with a note; named
  // directly, it fails (vault::import_file refuses it).
  std::vector<std::string> files, skipped;
  std::vector<std::pair<std::string, std::string>> failed;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = std::filesystem::recursive_directory_iterator(p, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code kind;
        if (it->is_regular_file(kind))
          found.push_back(it->path().string());
        else if (!it->is_directory(kind))
          skipped.push_back(it->path().string());
      }
      if (ec) failed.push_back({p, ec.message()});
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(p);
    }
  }
  std::sort(skipped.begin(), skipped.end());
  size_t imported = 0, duplicates = 0, corrupt = 0;
  JsonWriter j(true);
  j.begin_object().key("files").begin_array();
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  // A progress bar with rate and time left on a terminal; nothing otherwise.
  std::function<void(size_t)> progress;
  std::vector<uint64_t> sizes;
  uint64_t total = 0;
  auto started = std::chrono::steady_clock::now();
  if (!json && isatty(STDERR_FILENO)) {
    for (const auto& f : files) {
      std::error_code ec;
      sizes.push_back(std::filesystem::file_size(f, ec));
      total += ec ? 0 : sizes.back();
    }
    progress = [&](size_t done) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      double frac =
          files.empty() ? 1 : static_cast<double>(done) / static_cast<double>(files.size());
      double mb = static_cast<double>(total) * frac / 1e6;
      int bar = static_cast<int>(frac * 30);
      std::fprintf(stderr, "\r[%-30s] %zu/%zu files %7.1f MB/s  %4.0f s left ",
                   std::string(static_cast<size_t>(bar), '#').c_str(), done, files.size(),
                   s > 0 ? mb / s : 0.0, frac > 0 ? s / frac - s : 0.0);
      if (done == files.size()) std::fputc('\n', stderr);
    };
  }
  // Each log kept is on the audit record, in the transaction that keeps it.
  auto results = vault::import_files(**v, files, options, threads, progress);
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& f = files[i];
    auto& r = results[i];
    if (!r) {
      failed.push_back({f, r.error().message()});
      continue;
    }
    bool dup = r->outcome == vault::Imported::Outcome::kDuplicate;
    (dup ? duplicates : imported)++;
    corrupt += r->corrupt && !dup;
    j.begin_object().key("file").value(f).key("log").value(r->log_id);
    j.key("outcome").value(dup ? "duplicate" : "imported").key("format").value(r->format);
    j.key("bytes").value(r->bytes).key("sha256").value(r->sha256).key("corrupt").value(r->corrupt);
    if (r->source_of) j.key("source_of").value(*r->source_of);
    j.end_object();
    if (!json) {
      std::printf("%s %s (%s)\n", dup ? "already in the vault:" : "imported:", shown(f).c_str(),
                  r->corrupt && !dup ? "recovered from corruption" : r->format.c_str());
      if (r->source_of && !dup)
        std::printf("  the same flight as log %lld's: kept as another source of it\n",
                    static_cast<long long>(*r->source_of));
    }
  }
  j.end_array().key("failed").begin_array();
  for (const auto& [f, why] : failed)
    j.begin_object().key("file").value(f).key("error").value(why).end_object();
  j.end_array().key("skipped").begin_array();
  for (const auto& f : skipped) j.value(f);
  j.end_array();
  j.key("imported").value(static_cast<uint64_t>(imported));
  j.key("duplicates").value(static_cast<uint64_t>(duplicates));
  j.key("corrupt").value(static_cast<uint64_t>(corrupt)).end_object();
  if (json) {
    std::printf("%s\n", j.str().c_str());
  } else {
    std::printf("%zu imported (%zu with recovered corruption), %zu already there, %zu failed\n",
                imported, corrupt, duplicates, failed.size());
  }
  for (const auto& f : skipped)
    std::fprintf(stderr, "skykeep: note: skipped %s: not a regular file\n", shown(f).c_str());
  for (const auto& [f, why] : failed)
    std::fprintf(stderr, "skykeep: %s: %s\n", shown(f).c_str(), shown(why).c_str());
  return failed.empty() ? 0 : 1;
}

}  // namespace skykeep::cli
