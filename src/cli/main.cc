#include <gperftools/malloc_extension_c.h>

#include "base/metrics.h"
#include "cli/cli.h"
#include "ocr/ocr.h"

namespace {

// The allocator's own figures beside the process's resident memory: what
// the program holds (a leak grows it) and what tcmalloc keeps for reuse (it
// returns memory to the system slowly). The program links tcmalloc here.
void RegisterHeapMetrics() {
  auto property = [](const char* name) {
    size_t value = 0;
    MallocExtension_GetNumericProperty(name, &value);
    return static_cast<double>(value);
  };
  gk::metrics::Registry::Global().AddGauge(
      "gongkai_heap_bytes", "Heap memory by tcmalloc's account: allocated (in use by the program), free (kept for reuse).",
      [property](std::string& out) {
        gk::metrics::AppendSample(out, "gongkai_heap_bytes", "{state=\"allocated\"}",
                                  property("generic.current_allocated_bytes"));
        gk::metrics::AppendSample(out, "gongkai_heap_bytes", "{state=\"free\"}",
                                  property("tcmalloc.pageheap_free_bytes") + property("tcmalloc.thread_cache_free_bytes") +
                                      property("tcmalloc.central_cache_free_bytes"));
      });
}

}  // namespace

int main(int argc, char** argv) {
  gk::ocr::OneOpenMpThread(argv);  // before anything else: it may execute the program again
  RegisterHeapMetrics();
  return gk::cli::Main(argc, argv);
}
