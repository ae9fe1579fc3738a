package replay

import (
	"context"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkaauth"
)

// ReadRange reads r in offset order without a consumer group, read_committed,
// calling fn for each record, exactly as a replay does (see readRange): it
// returns r.End when the range is done, else the offset fn failed on or was
// cancelled before, with fn's error, ctx's error or one wrapping ErrStalled
// when the position did not move for stall. It blocks until then. Dead-letter
// re-drive reads the dead-letter topic, its ledger and the topics it wrote to
// with it.
func ReadRange(ctx context.Context, c kafkaauth.Cluster, r Range, maxBytes int, stall time.Duration, fn func(kafka.Message) error) (int64, error) {
	return readRange(ctx, c, r, maxBytes, stall, fn)
}
