package consumer

import (
	"context"
	"sync"
)

// slot is a record's MaxInFlight token. While the record's handler waits
// for something slow outside the runner with a bound of its own (an LLM
// call slot, llm.concurrency), it parks: the token goes back, so that other
// records, such as those the rules decide, are not held behind the wait;
// it takes one again before it goes on. What bounds parked records is the
// checkpoint window and MaxBufferedBytes.
//
// Safe for concurrent use: a handler may outlive its record (a timeout
// middleware that stops waiting for it); after finish, park and resume do
// nothing.
type slot struct {
	mu   sync.Mutex
	sem  chan struct{}
	held bool // the token is taken
	done bool // the record finished: its token is given back for good
}

type slotKey struct{}

// slotCtx is its Context with the record's slot under slotKey: what
// context.WithValue(ctx, slotKey{}, s) makes, held in the record's task
// instead of an allocation of its own.
type slotCtx struct {
	context.Context
	s *slot
}

func (c *slotCtx) Value(key any) any {
	if _, ok := key.(slotKey); ok {
		return c.s
	}
	return c.Context.Value(key)
}

// park gives the token back, if held.
func (s *slot) park() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held {
		<-s.sem
		s.held = false
	}
}

// resume takes a token again; it blocks until one is free or ctx ends (the
// record then goes on without one, to its end: its work was cancelled).
func (s *slot) resume(ctx context.Context) {
	s.mu.Lock()
	if s.held || s.done {
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done || s.held {
		<-s.sem // finished meanwhile, or resumed twice
		return
	}
	s.held = true
}

// finish gives the token back for good.
func (s *slot) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = true
	if s.held {
		<-s.sem
		s.held = false
	}
}

// Park is for a Handler that is about to wait for a resource with its own
// bound (an LLM call slot): the record stops counting in MaxInFlight until
// resume is called, so records that do not need the resource keep their
// slots. resume blocks until the record has a slot again (or ctx ends).
// Outside a runner's handler (replay, tests) both do nothing. Safe for
// concurrent use; call resume once after each Park.
func Park(ctx context.Context) (resume func()) {
	s, ok := ctx.Value(slotKey{}).(*slot)
	if !ok {
		return func() {}
	}
	s.park()
	return func() { s.resume(ctx) }
}
