#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "web/front_internal.h"

namespace skykeep::web {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kLinger = std::chrono::seconds(2);  // reading what follows a refused request
constexpr size_t kLingerBytes = 4 << 20;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// What is known of the request at the front of a connection's buffer; advanced as bytes come.
struct Head {
  size_t line_start = 0;      // where the line being read begins
  size_t searched = 0;        // no line end of that line before this offset
  size_t lines = 0;           // complete lines, the request line included
  std::optional<size_t> end;  // the head's length, blank line included, once complete
  std::optional<uint64_t> content_length;
  bool chunked = false, expect_continue = false, continued = false;
};

struct Verdict {
  enum State { kIncomplete, kComplete, kRefused } state = kIncomplete;
  size_t length = 0;  // kComplete: the request's bytes (head and body)
  int status = 0;     // kRefused
  const char* why = "";
};

Verdict refused(int status, const char* why) { return {Verdict::kRefused, 0, status, why}; }

struct Conn {
  int fd = -1;
  std::string buf;  // received, not yet processed
  Head head;
  Clock::time_point deadline;
  size_t served = 0;
  bool draining = false;  // refused: what follows is read and dropped until the peer closes
  size_t drained = 0;
  size_t request = 0;  // while at a worker: the request's length in buf
};

// A header line's consequences for the framing of the request.
std::optional<Verdict> header(Head& h, std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return refused(400, "a malformed header line");
  std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
  if (iequals(name, "content-length")) {
    if (value.empty() || value.size() > 18 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return refused(400, "a malformed Content-Length");
    uint64_t n = 0;
    std::from_chars(value.data(), value.data() + value.size(), n);
    if (h.content_length && *h.content_length != n) return refused(400, "two Content-Lengths");
    h.content_length = n;
  } else if (iequals(name, "transfer-encoding")) {
    h.chunked = true;
  } else if (iequals(name, "expect") && iequals(value, "100-continue")) {
    h.expect_continue = true;
  }
  return std::nullopt;
}

// Advances h over buf (which only ever grows at its end while h is in use).
Verdict advance(Head& h, std::string& buf, const FrontLimits& l) {
  while (!h.end) {
    const size_t limit = h.lines == 0 ? l.request_line : l.header_line;
    size_t eol = buf.find("\r\n", std::max(h.searched, h.line_start));
    if (eol == std::string::npos) {
      h.searched = buf.empty() ? 0 : buf.size() - 1;
      if (buf.size() - h.line_start > limit)
        return h.lines == 0 ? refused(414, "the request line is too long")
                            : refused(431, "a header line is too long");
      if (buf.size() > l.head) return refused(431, "the request head is too large");
      return {};
    }
    const size_t length = eol - h.line_start;
    if (length > limit)
      return h.lines == 0 ? refused(414, "the request line is too long")
                          : refused(431, "a header line is too long");
    if (eol + 2 > l.head) return refused(431, "the request head is too large");
    if (h.lines == 0 && length == 0) {  // blank lines before a request are ignored (RFC 9112 2.2)
      buf.erase(0, 2);
      h.searched = 0;
      continue;
    }
    if (h.lines > 0 && length == 0) {
      h.end = eol + 2;
      break;
    }
    if (h.lines > 0) {
      if (h.lines > l.headers) return refused(431, "too many header lines");
      if (auto v = header(h, std::string_view(buf).substr(h.line_start, length))) return *v;
    }
    ++h.lines;
    h.line_start = h.searched = eol + 2;
  }
  if (h.chunked) return refused(501, "chunked request bodies are not accepted");
  const uint64_t body = h.content_length.value_or(0);
  if (body > l.body) return refused(413, "the request body is too large");
  if (buf.size() < *h.end + body) return {};
  return {Verdict::kComplete, static_cast<size_t>(*h.end + body), 0, ""};
}

const char* reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Not Implemented";
  }
}

void set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// One complete request's bytes to read, and the connection's socket to answer on.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(int fd, std::string_view request, std::chrono::milliseconds stall)
      : fd_(fd), request_(request), stall_(stall) {}

  bool is_readable() const override { return read_ < request_.size(); }
  bool is_writable() const override { return wait_writable(); }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, request_.size() - read_);
    std::copy_n(request_.data() + read_, n, ptr);
    read_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    size_t done = 0;
    while (done < size) {
      ssize_t n = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL);
      if (n > 0) {
        done += static_cast<size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!wait_writable()) return -1;
      } else {
        return -1;
      }
    }
    return static_cast<ssize_t>(done);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address(getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address(getsockname, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  bool wait_writable() const {
    pollfd p{fd_, POLLOUT, 0};
    int n;
    do n = poll(&p, 1, static_cast<int>(stall_.count()));
    while (n < 0 && errno == EINTR);
    return n > 0 && (p.revents & POLLOUT);
  }
  template <class F>
  void address(F get, std::string& ip, int& port) const {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    char text[INET_ADDRSTRLEN] = "";
    if (get(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0 && a.sin_family == AF_INET)
      inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    ip = text;
    port = ntohs(a.sin_port);
  }

  int fd_;
  std::string_view request_;
  size_t read_ = 0;
  std::chrono::milliseconds stall_;
};

}  // namespace

struct Front::Impl {
  Impl(int l, FrontLimits lim, std::vector<std::pair<std::string, std::string>> h, Process p,
       OnAccept a)
      : listener(l),
        limits(lim),
        refusal_headers(std::move(h)),
        process(std::move(p)),
        on_accept(std::move(a)) {}

  int listener;
  FrontLimits limits;
  std::vector<std::pair<std::string, std::string>> refusal_headers;
  Process process;
  OnAccept on_accept;
  int epoll = -1, wake = -1;
  std::atomic<bool> stopping{false};

  // Owned by the front thread: the connections it watches.
  std::unordered_map<int, std::unique_ptr<Conn>> waiting;

  std::mutex mutex;  // guards the two queues and done
  std::condition_variable work;
  std::deque<std::unique_ptr<Conn>> jobs, returned;
  bool done = false;

  void close_conn(int fd) {
    epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    waiting.erase(fd);
  }

  void watch(std::unique_ptr<Conn> c) {
    epoll_event e{};
    e.events = EPOLLIN | EPOLLRDHUP;
    e.data.fd = c->fd;
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, c->fd, &e) != 0) {
      ::close(c->fd);
      return;
    }
    int fd = c->fd;
    waiting[fd] = std::move(c);
  }

  void accept_all() {
    for (;;) {
      int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN, or out of descriptors until one closes
      int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      if (on_accept) on_accept(fd);
      if (waiting.size() >= limits.connections) {  // make room: the one waiting longest goes
        auto oldest = std::min_element(waiting.begin(), waiting.end(), [](auto& a, auto& b) {
          return a.second->deadline < b.second->deadline;
        });
        close_conn(oldest->first);
      }
      auto c = std::make_unique<Conn>();
      c->fd = fd;
      c->deadline = Clock::now() + limits.deadline;
      watch(std::move(c));
    }
  }

  void refuse(Conn& c, const Verdict& v) {
    std::string body = std::string("{\"error\":\"") + v.why + "\"}";
    std::string out = "HTTP/1.1 " + std::to_string(v.status) + " " + reason(v.status) + "\r\n";
    for (const auto& [k, val] : refusal_headers)
      out.append(k).append(": ").append(val).append("\r\n");
    out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
    (void)::send(c.fd, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    shutdown(c.fd, SHUT_WR);
    c.draining = true;
    c.buf.clear();
    c.buf.shrink_to_fit();
    c.deadline = Clock::now() + kLinger;
  }

  // Reads what the connection has sent and dispatches its request once complete.
  void readable(int fd) {
    Conn& c = *waiting.at(fd);
    char chunk[16 * 1024];
    if (c.draining) {
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) ||
          (c.drained += std::max<ssize_t>(n, 0)) > kLingerBytes)
        close_conn(fd);
      return;
    }
    const size_t cap = limits.head + limits.body + 1;
    const size_t room = cap > c.buf.size() ? cap - c.buf.size() : 0;
    ssize_t n = ::recv(fd, chunk, std::min(room, sizeof chunk), 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return close_conn(fd);
    if (n > 0) c.buf.append(chunk, static_cast<size_t>(n));
    step(c);
  }

  void step(Conn& c) {
    Verdict v = advance(c.head, c.buf, limits);
    if (v.state == Verdict::kRefused) return refuse(c, v);
    if (v.state == Verdict::kIncomplete) {
      if (c.buf.size() > limits.head + limits.body) return refuse(c, refused(431, "too large"));
      if (c.head.end && c.head.expect_continue && !c.head.continued) {
        c.head.continued = true;
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        (void)::send(c.fd, kContinue, sizeof kContinue - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      }
      return;
    }
    const int fd = c.fd;
    epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
    auto owned = std::move(waiting.at(fd));
    waiting.erase(fd);
    owned->request = v.length;
    {
      std::lock_guard<std::mutex> lock(mutex);
      jobs.push_back(std::move(owned));
    }
    work.notify_one();
  }

  void take_returned() {
    std::deque<std::unique_ptr<Conn>> back;
    {
      std::lock_guard<std::mutex> lock(mutex);
      back.swap(returned);
    }
    for (auto& c : back) {
      const int fd = c->fd;
      c->deadline = Clock::now() + limits.deadline;
      watch(std::move(c));
      auto it = waiting.find(fd);
      if (it != waiting.end() && !it->second->buf.empty()) step(*it->second);  // pipelined
    }
  }

  void worker() {
    for (;;) {
      std::unique_ptr<Conn> c;
      {
        std::unique_lock<std::mutex> lock(mutex);
        work.wait(lock, [&] { return done || !jobs.empty(); });
        if (jobs.empty()) return;
        c = std::move(jobs.front());
        jobs.pop_front();
      }
      RequestStream strm(c->fd, std::string_view(c->buf).substr(0, c->request), limits.write_stall);
      const bool last = ++c->served >= limits.requests_per_connection;
      bool closed = false;
      const bool ok = process(strm, last, closed);
      if (!ok || closed || last || stopping) {
        ::close(c->fd);
        continue;
      }
      c->buf.erase(0, c->request);
      c->head = Head{};
      {
        std::lock_guard<std::mutex> lock(mutex);
        returned.push_back(std::move(c));
      }
      uint64_t one = 1;
      (void)!::write(wake, &one, sizeof one);
    }
  }
};

Front::Front(int listener, FrontLimits limits,
             std::vector<std::pair<std::string, std::string>> refusal_headers, Process process,
             OnAccept on_accept)
    : impl_(std::make_unique<Impl>(listener, limits, std::move(refusal_headers), std::move(process),
                                   std::move(on_accept))) {
  impl_->epoll = epoll_create1(EPOLL_CLOEXEC);
  impl_->wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  set_nonblocking(listener);
}

Front::~Front() {
  ::close(impl_->listener);
  ::close(impl_->epoll);
  ::close(impl_->wake);
}

void Front::stop() {
  impl_->stopping = true;
  uint64_t one = 1;
  (void)!::write(impl_->wake, &one, sizeof one);
}

void Front::run() {
  Impl& m = *impl_;
  std::vector<std::thread> workers;
  for (size_t i = 0; i < std::max<size_t>(1, m.limits.workers); ++i)
    workers.emplace_back([&m] { m.worker(); });
  epoll_event e{};
  e.events = EPOLLIN;
  e.data.fd = m.listener;
  epoll_ctl(m.epoll, EPOLL_CTL_ADD, m.listener, &e);
  e.data.fd = m.wake;
  epoll_ctl(m.epoll, EPOLL_CTL_ADD, m.wake, &e);
  epoll_event events[64];
  while (!m.stopping) {
    int timeout = -1;
    if (!m.waiting.empty()) {
      auto next = std::min_element(m.waiting.begin(), m.waiting.end(), [](auto& a, auto& b) {
                    return a.second->deadline < b.second->deadline;
                  })->second->deadline;
      auto ms = std::chrono::ceil<std::chrono::milliseconds>(next - Clock::now()).count();
      timeout = static_cast<int>(std::clamp<int64_t>(ms, 0, 60000));
    }
    int n = epoll_wait(m.epoll, events, 64, timeout);
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == m.listener) {
        m.accept_all();
      } else if (fd == m.wake) {
        uint64_t count;
        (void)!::read(m.wake, &count, sizeof count);
        m.take_returned();
      } else if (m.waiting.count(fd)) {
        m.readable(fd);
      }
    }
    const auto now = Clock::now();
    std::vector<int> expired;
    for (const auto& [fd, c] : m.waiting)
      if (c->deadline <= now) expired.push_back(fd);
    for (int fd : expired) m.close_conn(fd);
  }
  {
    std::lock_guard<std::mutex> lock(m.mutex);
    m.done = true;
  }
  m.work.notify_all();
  for (auto& t : workers) t.join();
  for (auto& c : m.jobs) ::close(c->fd);
  for (auto& c : m.returned) ::close(c->fd);
  m.jobs.clear();
  m.returned.clear();
  std::vector<int> open;
  for (const auto& [fd, c] : m.waiting) open.push_back(fd);
  for (int fd : open) m.close_conn(fd);
}

}  // namespace skykeep::web
