// Opening the interface in the operator's browser without its token on any command line or in
// any environment: the URL goes into a 0600 page in a private 0700 folder, the launcher
// (xdg-open) is given that page's path, and the page sends the browser on to the URL (a meta
// refresh, no script). Every local user can read a process's argv in /proc/PID/cmdline; only the
// operator can read the page, which is removed a little after the launcher has finished, and at
// the latest when the BrowserLaunch is destroyed. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"

namespace skykeep::web {

class BrowserLaunch {
 public:
  // Writes the page for url and starts `launcher PAGE` (found on PATH), which is left to run.
  // The page is removed `keep_s` seconds after the launcher exits. Errors: IOError (no private
  // folder, the page cannot be written, the launcher cannot be started).
  static Result<std::unique_ptr<BrowserLaunch>> open(const std::string& url,
                                                     const std::string& launcher = "xdg-open",
                                                     int keep_s = 60);
  // Removes the page and its folder now, if they are still there.
  ~BrowserLaunch();
  BrowserLaunch(const BrowserLaunch&) = delete;
  BrowserLaunch& operator=(const BrowserLaunch&) = delete;

  // The command line the launcher was started with.
  const std::vector<std::string>& argv() const { return argv_; }
  const std::string& page() const { return page_; }

 private:
  // Shared with the thread that waits for the launcher and then removes the page.
  struct Page {
    std::string dir, file;
    std::mutex mutex;
    std::condition_variable closing_cv;
    bool closing = false, removed = false;
    void remove();
  };
  BrowserLaunch() = default;

  std::shared_ptr<Page> state_ = std::make_shared<Page>();
  std::string page_;
  std::vector<std::string> argv_;
};

}  // namespace skykeep::web
