#include "web/browser.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "base/text.h"

extern char** environ;

namespace skykeep::web {

Result<std::unique_ptr<BrowserLaunch>> BrowserLaunch::open(const std::string& url,
                                                           const std::string& launcher,
                                                           int keep_s) {
  std::unique_ptr<BrowserLaunch> b(new BrowserLaunch());
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/skykeep-open-XXXXXX";
  if (!mkdtemp(dir.data()))  // mode 0700
    return Status::IOError("cannot create a private folder for the browser's page: " +
                           std::string(std::strerror(errno)));
  b->state_->dir = dir;
  b->page_ = b->state_->file = dir + "/skykeep.html";
  const std::string a = xml_escape(url);
  const std::string html =
      "<!doctype html>\n<meta charset=\"utf-8\">\n<meta name=\"referrer\" "
      "content=\"no-referrer\">\n"
      "<meta http-equiv=\"refresh\" content=\"0;url=" +
      a + "\">\n<title>skykeep</title>\n<p><a href=\"" + a + "\">Open skykeep</a></p>\n";
  int fd = ::open(b->page_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 || ::write(fd, html.data(), html.size()) != static_cast<ssize_t>(html.size()) ||
      ::close(fd) != 0)
    return Status::IOError("cannot write " + b->page_ + ": " + std::strerror(errno));
  b->argv_ = {launcher, b->page_};
  std::vector<char*> argv;
  for (auto& s : b->argv_) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (int e = posix_spawnp(&pid, launcher.c_str(), nullptr, nullptr, argv.data(), environ); e != 0)
    return Status::IOError("cannot start " + launcher + ": " + std::strerror(e));
  // The launcher may run as long as the browser it started: the thread that waits for it is
  // left to finish on its own, holding only the page's state.
  std::thread([page = b->state_, pid, keep_s] {
    waitpid(pid, nullptr, 0);
    {
      std::unique_lock<std::mutex> lock(page->mutex);
      page->closing_cv.wait_for(lock, std::chrono::seconds(keep_s), [&] { return page->closing; });
    }
    page->remove();
  }).detach();
  return b;
}

void BrowserLaunch::Page::remove() {
  std::lock_guard<std::mutex> lock(mutex);
  if (removed || dir.empty()) return;
  removed = true;
  ::unlink(file.c_str());
  ::rmdir(dir.c_str());
}

BrowserLaunch::~BrowserLaunch() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->closing = true;
  }
  state_->closing_cv.notify_all();
  state_->remove();
}

}  // namespace skykeep::web
