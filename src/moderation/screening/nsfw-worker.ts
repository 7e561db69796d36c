import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { load, type NSFWJS } from 'nsfwjs/core'
import { MobileNetV2Model } from 'nsfwjs/models/mobilenet_v2'
import sharp from 'sharp'

/**
 * The image classifier's thread: nsfwjs (MobileNetV2, its weights inside the package) on the
 * WebAssembly backend of TensorFlow.js. Images are decoded and scaled to the model's 224 × 224 RGB
 * with sharp here too, so no decoding or inference runs on the thread that serves requests.
 * Messages: { id, bytes } in; { id, classes } or { id, error } out.
 */

declare const self: Worker

const SIZE = 224
let model: Promise<NSFWJS> | undefined

async function ready(): Promise<NSFWJS> {
  model ??= (async () => {
    await tf.setBackend('wasm')
    await tf.ready()
    return load('MobileNetV2', { size: SIZE, modelDefinitions: [MobileNetV2Model] })
  })()
  return model
}

async function classify(bytes: Uint8Array): Promise<Record<string, number>> {
  const nsfw = await ready()
  const { data } = await sharp(bytes, { limitInputPixels: 40_000_000 })
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .resize(SIZE, SIZE, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  const pixels = tf.tensor3d(new Int32Array(data), [SIZE, SIZE, 3], 'int32')
  try {
    const predictions = await nsfw.classify(pixels as unknown as Parameters<NSFWJS['classify']>[0], 5)
    return Object.fromEntries(predictions.map((p) => [p.className, p.probability]))
  } finally {
    pixels.dispose()
  }
}

self.onmessage = async (event: MessageEvent<{ id: number; bytes: Uint8Array }>) => {
  const { id, bytes } = event.data
  try {
    self.postMessage({ id, classes: await classify(bytes) })
  } catch (error) {
    self.postMessage({ id, error: (error as Error).message })
  }
}
