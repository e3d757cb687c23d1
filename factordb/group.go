package factordb

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Group commit (issue 14 item 4). A bbolt commit writes the dirty pages and
// the meta page, each followed by an fdatasync: a durable write costs two
// disk flushes whatever its size. Writes that arrive while a commit is on
// its way are therefore queued and committed together, in one transaction,
// as soon as the disk is free: durability costs one commit per group, not
// per request, and nobody waits for a timer (bbolt's DB.Batch waits up to
// MaxBatchDelay, 10 ms, before it starts a batch).
//
// Every call still commits or fails on its own: a call whose function
// returns an error rolls the group back, is taken out, and the rest is run
// again without it; its own error is what it would have got alone (a call
// that failed on the state the group had built before it is run again by
// itself, after the group). So a call's function may run more than once,
// each time in a fresh transaction that rolled back everything the earlier
// runs wrote: it must not keep anything from a run but its result, which it
// sets anew on each run (db.write documents this).
//
// Bbolt has no savepoints, so each such failure runs again every call
// before it: a group with many failures costs runs in proportion to the
// calls times the failures. A function that fails before it has written
// anything says so (beforeWrites): the transaction is then as the calls
// before it left it, and the group goes on without a rollback. Its error
// stands for the order the group commits in (after the calls before it),
// so it is given once the group has committed; if the commit fails, the
// call runs again alone.

// maxGroup bounds the calls of one commit, so that a transaction stays
// short (an issue signs its certificate inside it).
const maxGroup = 128

// writeGroup queues the calls of db.write. The goroutine that finds no
// commit under way leads: it commits the queue, then hands the lead to the
// first call queued meanwhile, which commits those.
type writeGroup struct {
	mu      sync.Mutex
	queue   []*groupCall
	leading bool // a call is committing a group

	commits, calls uint64 // for tests: transactions committed and calls in them
}

type groupCall struct {
	fn   func(*bolt.Tx) error
	done chan error // one result, after an optional errLead
}

var (
	// errLead tells a queued call to commit the queue.
	errLead = errors.New("factordb: lead the next group")
	// errSolo tells a call to run again in a transaction of its own.
	errSolo = errors.New("factordb: run alone")
	// errNothing rolls back a run in which every call failed before
	// writing: there is nothing to commit.
	errNothing = errors.New("factordb: nothing to commit")
)

// cleanError is an error returned by a call's function before it wrote
// anything in the transaction (beforeWrites).
type cleanError struct{ err error }

func (e *cleanError) Error() string { return e.err.Error() }
func (e *cleanError) Unwrap() error { return e.err }

// beforeWrites marks err (nil stays nil) as returned by a function of
// db.write before it wrote anything in its transaction, so that the group
// it runs in goes on without rolling back (group.go). Only for errors
// returned before any Put, Delete, bucket creation or sequence change of
// that run: a mark on an error returned after a write would commit the
// write.
func beforeWrites(err error) error {
	if err == nil {
		return nil
	}
	return &cleanError{err: err}
}

// panicError carries a panic of a call's function out of the group, to be
// raised again in the caller's goroutine.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v\n%s", p.value, p.stack) }

// write runs fn in a write transaction that commits (durably) together with
// the other writes queued at the same time, and returns fn's error or the
// commit's. fn may run several times, each in a fresh transaction whose
// earlier runs were rolled back: it must set whatever it returns to its
// caller on every run, and have no effect outside the transaction.
func (db *DB) write(fn func(*bolt.Tx) error) error {
	g := &db.group
	c := &groupCall{fn: fn, done: make(chan error, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, c)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if !lead {
		if err := <-c.done; err != errLead {
			return c.result(db, err)
		}
	}
	// Lead: c is the first call of the queue, so it is in this group.
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	calls := make([]*groupCall, n)
	copy(calls, g.queue)
	g.queue = append(g.queue[:0], g.queue[n:]...)
	g.mu.Unlock()

	db.commitGroup(calls)

	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].done <- errLead
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	return c.result(db, <-c.done)
}

// result returns the outcome of a call: its error, the error of running it
// alone, or its panic raised again.
func (c *groupCall) result(db *DB, err error) error {
	if err == errSolo {
		err = db.db.Update(c.fn)
		var ce *cleanError
		if errors.As(err, &ce) {
			err = ce.err
		}
	}
	var p *panicError
	if errors.As(err, &p) {
		panic(p.value)
	}
	return err
}

// commitGroup commits calls in one transaction and answers each. A call
// that fails is taken out and the group run again: the first call of a run
// failed on the committed state, as it would alone, and gets its error; a
// later one may have failed on what the calls before it wrote, so its
// caller runs it again alone (errSolo), told so once this group has
// committed. A call that failed before writing (beforeWrites) is only
// taken out of the run, which goes on; it gets its error once the others
// have committed.
func (db *DB) commitGroup(calls []*groupCall) {
	// Told to run alone only once the group is committed, so that they
	// run after the calls they may have failed on.
	var solo []*groupCall
	defer func() {
		for _, c := range solo {
			c.done <- errSolo
		}
	}()
	for len(calls) > 0 {
		failed := -1
		var clean []*groupCall // failed before writing, in this run
		var cleanErrs []error
		var ok []*groupCall // ran without error, in this run
		err := db.db.Update(func(tx *bolt.Tx) error {
			clean, cleanErrs, ok = clean[:0], cleanErrs[:0], ok[:0]
			for i, c := range calls {
				err := safeCall(c.fn, tx)
				var ce *cleanError
				switch {
				case err == nil:
					ok = append(ok, c)
				case errors.As(err, &ce):
					clean, cleanErrs = append(clean, c), append(cleanErrs, ce.err)
				default:
					failed = i
					return err
				}
			}
			if len(ok) == 0 {
				return errNothing // nothing to commit
			}
			return nil
		})
		if failed < 0 {
			if err == errNothing {
				err = nil
			} else if err == nil {
				db.group.mu.Lock()
				db.group.commits++
				db.group.calls += uint64(len(ok))
				db.group.mu.Unlock()
			}
			for _, c := range ok {
				c.done <- err
			}
			for i, c := range clean {
				if err != nil { // the state it failed on was not committed
					solo = append(solo, c)
				} else {
					c.done <- cleanErrs[i]
				}
			}
			return
		}
		if len(ok) == 0 {
			// Nothing was written before it in this run: it failed on
			// the committed state, as it would alone.
			calls[failed].done <- err
		} else {
			solo = append(solo, calls[failed])
		}
		calls = append(calls[:failed], calls[failed+1:]...)
	}
}

// safeCall runs fn, turning a panic into a panicError so that one call's
// panic fails that call only (the transaction rolls back, the caller
// panics) and never leaves the group without its leader.
func safeCall(fn func(*bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &panicError{value: v, stack: debug.Stack()}
		}
	}()
	return fn(tx)
}
