// Package overlap counts the days of one period that lie inside another
// (footprint's green-power instruments against the reference period).
//
// It knows no domain types: footprint passes the periods' first and last
// days.
package overlap

import "time"

// Days returns how many days of the period from start to end lie
// inside the period from refStart to refEnd, and how many days the first
// has (both periods include both ends). A zero ref (both days zero)
// contains every day.
func Days(start, end, refStart, refEnd time.Time) (inside, days int64) {
	const day = 24 * time.Hour
	days = int64(end.Sub(start)/day) + 1
	if refStart.IsZero() && refEnd.IsZero() {
		return days, days
	}
	if refStart.After(start) {
		start = refStart
	}
	if refEnd.Before(end) {
		end = refEnd
	}
	if end.Before(start) {
		return 0, days
	}
	return int64(end.Sub(start)/day) + 1, days
}
