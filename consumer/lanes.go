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
// lanes never runs more goroutines than there are such items.
type lanes struct {
	mu     sync.Mutex
	active map[laneKey][]func()
	wg     sync.WaitGroup
}

func newLanes() *lanes { return &lanes{active: make(map[laneKey][]func())} }

// submit queues fn behind earlier work of the same key and returns at once.
func (l *lanes) submit(k laneKey, fn func()) {
	l.mu.Lock()
	if q, busy := l.active[k]; busy {
		l.active[k] = append(q, fn)
		l.mu.Unlock()
		return
	}
	l.active[k] = nil
	l.wg.Add(1)
	l.mu.Unlock()
	go l.drain(k, fn)
}

func (l *lanes) drain(k laneKey, fn func()) {
	defer l.wg.Done()
	for {
		fn()
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
