package consumer

import (
	"context"
	"testing"
)

// A slot's token goes back on park and on finish, is taken again on
// resume, and never twice: after any sequence the semaphore is empty.
func TestSlotTokensBalance(t *testing.T) {
	sem := make(chan struct{}, 1)
	sem <- struct{}{}
	s := &slot{sem: sem, held: true}
	ctx := context.WithValue(context.Background(), slotKey{}, s)
	resume := Park(ctx)
	if len(sem) != 0 {
		t.Fatal("park kept the token")
	}
	Park(ctx)() // parking twice is harmless
	resume()
	resume()
	if len(sem) != 1 {
		t.Fatalf("%d tokens taken after resume, want 1", len(sem))
	}
	s.finish()
	resume() // a handler that outlived its record
	if len(sem) != 0 {
		t.Fatalf("%d tokens taken after finish, want 0", len(sem))
	}
	if r := Park(context.Background()); r == nil {
		t.Fatal("Park outside a runner returned nil")
	} else {
		r()
	}
}
