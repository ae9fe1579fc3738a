package drill

import (
	"context"
	"fmt"
	"os/exec"
	"time"
)

// Broker stops and resumes the real single-node broker with
// deploy/kafka/kafka.sh ("stop", then "resume": start again on the same
// storage, so topics and committed offsets survive the outage).
type Broker struct {
	Script string
}

// Stop stops the broker (SIGTERM, as kafka.sh does) and waits until it exited.
func (b Broker) Stop(ctx context.Context) error { return b.run(ctx, "stop") }

// Resume starts the stopped broker on its existing storage and waits until
// it answers.
func (b Broker) Resume(ctx context.Context) error { return b.run(ctx, "resume") }

func (b Broker) run(ctx context.Context, verb string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, b.Script, verb).CombinedOutput()
	if err != nil {
		return fmt.Errorf("drill: %s %s: %v: %s", b.Script, verb, err, out)
	}
	return nil
}
