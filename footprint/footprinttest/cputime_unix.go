//go:build unix

package footprinttest

import (
	"syscall"
	"time"
)

// ProcessCPU returns the CPU time (user + system) the test process has used,
// all threads, so the garbage collector's share counts too. Benchmarks
// report it per operation next to wall time (ReportCPU): on a shared machine
// the wall time of a benchmark grows with other processes' load, its CPU
// time much less.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
