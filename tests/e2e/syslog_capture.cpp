// Test-only preload library: a system log that writes what it is given to a file. Every call
// of openlog, syslog (and its vsyslog and fortified forms) and closelog appends one line to the
// file OULU10_SYSLOG_CAPTURE names, fields separated by tabs:
//   openlog <ident> <option> <facility>
//   syslog <priority> <message>
//   closelog
// and nothing reaches the machine's real log. With OULU10_SYSLOG_CAPTURE_FAIL=1 the log is a
// dead one instead: nothing is written anywhere and errno is left as a failed send leaves it
// (syslog(3) reports nothing to its caller).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

bool failing() {
  const char* fail = std::getenv("OULU10_SYSLOG_CAPTURE_FAIL");
  return fail != nullptr && std::strcmp(fail, "1") == 0;
}

void capture(const std::string& line) {
  if (failing()) {
    errno = ECONNREFUSED;
    return;
  }
  const char* path = std::getenv("OULU10_SYSLOG_CAPTURE");
  if (path == nullptr || *path == '\0') return;
  const int saved = errno;
  const int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd >= 0) {
    const std::string text = line + "\n";
    const auto written = write(fd, text.data(), text.size());
    static_cast<void>(written);
    close(fd);
  }
  errno = saved;
}

void capture_message(int priority, const char* format, va_list arguments) {
  va_list copy;
  va_copy(copy, arguments);
  const int size = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  std::string message(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
  if (size > 0) std::vsnprintf(message.data(), message.size() + 1, format, arguments);
  capture("syslog\t" + std::to_string(priority) + "\t" + message);
}

}  // namespace

extern "C" void openlog(const char* ident, int option, int facility) {
  capture(std::string("openlog\t") + (ident != nullptr ? ident : "(null)") + "\t" +
          std::to_string(option) + "\t" + std::to_string(facility));
}

extern "C" void closelog() { capture("closelog"); }

extern "C" void vsyslog(int priority, const char* format, va_list arguments) {
  capture_message(priority, format, arguments);
}

extern "C" void syslog(int priority, const char* format, ...) {
  va_list arguments;
  va_start(arguments, format);
  capture_message(priority, format, arguments);
  va_end(arguments);
}

extern "C" void __syslog_chk(int priority, int, const char* format, ...) {
  va_list arguments;
  va_start(arguments, format);
  capture_message(priority, format, arguments);
  va_end(arguments);
}

extern "C" void __vsyslog_chk(int priority, int, const char* format, va_list arguments) {
  capture_message(priority, format, arguments);
}
