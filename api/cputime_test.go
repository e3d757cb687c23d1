package api_test

import "github.com/chengdu-pcf/pcf/footprint/footprinttest"

// processCPU and reportCPU are footprinttest's CPU-time reading and
// "cpu-ns/op" report, under the names the benchmarks here use.
var (
	processCPU = footprinttest.ProcessCPU
	reportCPU  = footprinttest.ReportCPU
)
