// skykeep ui [--vault DIR] [--passphrase-file FILE] [--port N] [--tiles URL] [--no-open]
//            [--mavlink-xml FILE]
// Serves the vault's web interface on 127.0.0.1 until Ctrl-C; prints the URL with its token
// (and opens it where a desktop is present, unless --no-open).
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "cli/args.h"
#include "cli/commands.h"
#include "web/browser.h"
#include "web/server.h"

namespace skykeep::cli {

int serve_ui(vault::Vault& v, const Args& args) {
  Parsed p(args, {"--port", "--tiles", "--mavlink-xml"}, {"--no-open", "--no-ui"});
  if (!p.status().ok()) return fail("ui", p.status());
  web::ServerOptions o;
  if (auto port = p.get("--port")) {
    auto n = parse_number(*port);
    if (!n || *n < 0 || *n > 65535 || *n != static_cast<double>(static_cast<int>(*n)))
      return fail("ui", Status::InvalidArgument("--port takes a port number (0: any free port)"));
    o.port = static_cast<uint16_t>(*n);
  }
  if (auto tiles = p.get("--tiles")) o.api.tiles = *tiles;
  if (auto xml = p.get("--mavlink-xml")) o.api.reader.mavlink_xml.push_back(*xml);
  if (Status s = formats::prepare(&o.api.reader); !s.ok()) return fail("ui", s);
  // SIGINT and SIGTERM are taken by one thread that stops the server; the server's threads,
  // started after this, inherit the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto server = web::Server::bind(v, o);
  if (!server) return fail("ui", server.error());
  std::printf("skykeep ui: serving %s\n  open %s\n(only this machine can connect; Ctrl-C stops)\n",
              v.dir().c_str(), (*server)->url().c_str());
  std::fflush(stdout);
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  // The browser is given a private page that leads to the URL, never the URL itself: a
  // command line is readable by every local user, and the token is the key to the vault.
  std::unique_ptr<web::BrowserLaunch> launch;
  if (!p.has("--no-open") && ((display && *display) || (wayland && *wayland))) {
    auto opened = web::BrowserLaunch::open((*server)->url());
    if (opened)
      launch = std::move(*opened);
    else
      std::fprintf(stderr, "skykeep ui: %s; open the URL above yourself\n",
                   opened.error().message().c_str());
  }
  web::Server* s = server->get();
  std::thread waiter([&stop_signals, s] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    s->stop();
  });
  s->run();
  // run() only returns after stop(): the waiter has the signal, or is told to finish. SIGTERM is
  // blocked in every thread, so it only wakes the waiter's sigwait and cannot end the process.
  pthread_kill(waiter.native_handle(), SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
  waiter.join();
  std::printf("skykeep ui: stopped\n");
  return 0;
}

int ui(const Args& args) {
  auto v = open_vault(args);
  if (!v) return fail("ui", v.error());
  return serve_ui(**v, args);
}

}  // namespace skykeep::cli
