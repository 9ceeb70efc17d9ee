/** A stand-in for the encoder's thread that dies at once (encoder.test.ts): a failed model load. */
throw new Error('model files missing');
