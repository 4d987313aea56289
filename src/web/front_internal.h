// The HTTP front of `skykeep ui` (decisions/0010): one thread accepts connections and reads each
// request's head, and its small body, within bounds and a deadline; a pool of workers hands each
// complete request to cpp-httplib's request processing and writes the answer. A connection
// waiting for a request costs a buffer, not a thread, so slow or idle connections cannot take
// the workers. run() on one thread, stop() from any other.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace skykeep::web {

struct FrontLimits {
  size_t request_line = size_t{8} * 1024;  // a longer request line: 414
  size_t header_line = size_t{8} * 1024;   // a longer header line: 431
  size_t headers = 100;                    // more header lines: 431
  size_t head = size_t{64} * 1024;         // request line and headers together, longer: 431
  size_t body = size_t{64} * 1024;         // a larger Content-Length: 413 (chunked bodies: 501)
  // A connection has this long to deliver a complete request (head and body), counted from its
  // accept or from the end of the previous answer on it; then it is closed.
  std::chrono::milliseconds deadline{5000};
  std::chrono::milliseconds write_stall{5000};  // an answer that cannot progress this long: closed
  size_t connections = 256;  // waiting connections; past it the one waiting longest is closed
  size_t workers = 8;
  size_t requests_per_connection = 1000;
};

class Front {
 public:
  // Processes one complete request read from strm and writes its answer (the contract of
  // httplib::Server::process_request). Called on a worker thread.
  using Process =
      std::function<bool(httplib::Stream& strm, bool close_connection, bool& connection_closed)>;
  // Called with every accepted socket once its options are set (a test hook).
  using OnAccept = std::function<void(int fd)>;

  // Takes the listening socket. refusal_headers go on the answers the front gives itself (400,
  // 413, 414, 431, 501).
  Front(int listener, FrontLimits limits,
        std::vector<std::pair<std::string, std::string>> refusal_headers, Process process,
        OnAccept on_accept);
  ~Front();
  Front(const Front&) = delete;
  Front& operator=(const Front&) = delete;

  // Serves until stop(); returns once every connection is closed and every worker has finished.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skykeep::web
