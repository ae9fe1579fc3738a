package replay

import (
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/pipeline"
)

// deadLetter builds the dead-letter record for m failed with err, exactly as
// the live service does (consumer.DeadLetterFor), plus the replay header
// naming the run.
func deadLetter(topic string, m kafka.Message, err error, inlineMax int, version, runID string, now time.Time) kafka.Message {
	dl := consumer.DeadLetterFor(topic, m, err, inlineMax, version, now)
	dl.Headers = append(dl.Headers, kafka.Header{Key: pipeline.HeaderReplay, Value: []byte(runID)})
	return dl
}
