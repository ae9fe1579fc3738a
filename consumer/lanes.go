package consumer

import (
	"sync"
)

// laneKey orders records: records with the same key in the same partition
// are handled one after another in fetch order; records without a key share
// one lane per partition.
type laneKey struct {
	topicPartition
	key string
}

// lanes runs work concurrently across keys and serially within a key. It
// does not bound concurrency itself: the caller bounds how many items are
// submitted and not yet finished (the runner's in-flight semaphore), and
// lanes never runs more goroutines than there are such items, plus the
// idle ones waiting for a new lane.
//
// A goroutine that finishes its lane waits for the next one instead of
// exiting, so that a record does not pay for a new goroutine and for
// growing its stack again (5% of the rules path's CPU did); close ends the
// waiting ones.
type lanes struct {
	mu     sync.Mutex
	active map[laneKey][]job
	idle   []chan lane // one per idle goroutine, buffered (1)
	closed bool
	wg     sync.WaitGroup
}

// lane is the first work of a key that had none running.
type lane struct {
	k  laneKey
	fn job
}

// job is one piece of work of a lane: a dispatched record's task (no
// closure to allocate per record), or a func (jobFunc).
type job interface{ run() }

// jobFunc is a func as a job.
type jobFunc func()

func (f jobFunc) run() { f() }

func newLanes() *lanes { return &lanes{active: make(map[laneKey][]job)} }

// submit queues fn behind earlier work of the same key and returns at once.
func (l *lanes) submit(k laneKey, fn func()) { l.submitJob(k, jobFunc(fn)) }

// submitJob is submit of a job.
func (l *lanes) submitJob(k laneKey, fn job) {
	l.mu.Lock()
	if q, busy := l.active[k]; busy {
		l.active[k] = append(q, fn)
		l.mu.Unlock()
		return
	}
	l.active[k] = nil
	l.wg.Add(1)
	if n := len(l.idle); n > 0 {
		c := l.idle[n-1]
		l.idle = l.idle[:n-1]
		l.mu.Unlock()
		c <- lane{k, fn} // never blocks: c is buffered and only this send fills it
		return
	}
	l.mu.Unlock()
	go l.work(lane{k, fn})
}

// work drains ln, then waits for another lane until close.
func (l *lanes) work(ln lane) {
	var next chan lane
	for {
		l.drain(ln.k, ln.fn)
		l.mu.Lock()
		if l.closed {
			l.mu.Unlock()
			return
		}
		if next == nil {
			next = make(chan lane, 1)
		}
		l.idle = append(l.idle, next)
		l.mu.Unlock()
		var ok bool
		if ln, ok = <-next; !ok {
			return
		}
	}
}

// drain runs fn and then the work queued behind it on k, until none is left.
func (l *lanes) drain(k laneKey, fn job) {
	defer l.wg.Done()
	for {
		fn.run()
		l.mu.Lock()
		q := l.active[k]
		if len(q) == 0 {
			delete(l.active, k)
			l.mu.Unlock()
			return
		}
		fn, q[0] = q[0], nil
		l.active[k] = q[1:]
		l.mu.Unlock()
	}
}

// wait blocks until every submitted function has returned.
func (l *lanes) wait() { l.wg.Wait() }

// close ends the idle goroutines, and the busy ones when their lanes are
// drained; work submitted after close still runs, each lane in a goroutine
// of its own. Idempotent.
func (l *lanes) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.closed = true
	for _, c := range l.idle {
		close(c)
	}
	l.idle = nil
}
