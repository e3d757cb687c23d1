//go:build unix

package labels_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time this process has used (all threads, so the
// garbage collector's share counts too).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds a cpu-ns/op metric to a benchmark: on a shared machine
// wall time includes waiting for a core, CPU time does not.
func reportCPU(b *testing.B, start time.Duration) {
	if n := b.N; n > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(n), "cpu-ns/op")
	}
}
