import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  CHECK_RUN_TEXT_MAX_CHARS,
  COMPARE_INPUTS,
  COMPARE_SCHEMA,
  JOB_SUMMARY_MAX_BYTES,
  baselineKeyOf,
  compareActionInput,
  exitCodeFor,
  htmlReportNote,
  loadRunDir,
  parseCompareOptions,
  renderCheckSummary,
  renderReport,
  runCompare,
  setupHash,
  shapeHash
} from "./chunks/chunk-7OD3365V.js";
import {
  completeCheckRun,
  conclusionFor,
  createCheckRun,
  createGitHubClient,
  isPermissionError,
  readActionsContext,
  readTrustedPaths
} from "./chunks/chunk-RD22NAWE.js";
import "./chunks/chunk-64BEH4VU.js";
import "./chunks/chunk-SQTU2L2M.js";
import "./chunks/chunk-MBWXRAFT.js";
import "./chunks/chunk-PDX4C4JJ.js";
import {
  COMMENT_BODY_MAX_CHARS,
  actionsLogger,
  appendJobSummary,
  input,
  maskSecret,
  requiredInput,
  runAction,
  setFailed,
  setOutputs,
  truncateMarkdown,
  truncationNote
} from "./chunks/chunk-ZFXLSGKY.js";
import {
  ConfigError,
  WafGateError,
  parseBoolean,
  parseEnum,
  silentLogger
} from "./chunks/chunk-QC4E7EMN.js";
import "./chunks/chunk-D5N3K7F6.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunks/chunk-4PQXDHBF.js";

// node_modules/pend/index.js
var require_pend = __commonJS({
  "node_modules/pend/index.js"(exports, module) {
    module.exports = Pend;
    function Pend() {
      this.pending = 0;
      this.max = Infinity;
      this.listeners = [];
      this.waiting = [];
      this.error = null;
    }
    Pend.prototype.go = function(fn) {
      if (this.pending < this.max) {
        pendGo(this, fn);
      } else {
        this.waiting.push(fn);
      }
    };
    Pend.prototype.wait = function(cb) {
      if (this.pending === 0) {
        cb(this.error);
      } else {
        this.listeners.push(cb);
      }
    };
    Pend.prototype.hold = function() {
      return pendHold(this);
    };
    function pendHold(self) {
      self.pending += 1;
      var called = false;
      return onCb;
      function onCb(err) {
        if (called) throw new Error("callback called twice");
        called = true;
        self.error = self.error || err;
        self.pending -= 1;
        if (self.waiting.length > 0 && self.pending < self.max) {
          pendGo(self, self.waiting.shift());
        } else if (self.pending === 0) {
          var listeners = self.listeners;
          self.listeners = [];
          listeners.forEach(cbListener);
        }
      }
      function cbListener(listener) {
        listener(self.error);
      }
    }
    function pendGo(self, fn) {
      fn(pendHold(self));
    }
  }
});

// node_modules/yauzl/fd-slicer.js
var require_fd_slicer = __commonJS({
  "node_modules/yauzl/fd-slicer.js"(exports) {
    var fs = __require("fs");
    var util = __require("util");
    var stream = __require("stream");
    var Readable = stream.Readable;
    var PassThrough = stream.PassThrough;
    var Pend = require_pend();
    var EventEmitter = __require("events").EventEmitter;
    exports.BufferSlicer = BufferSlicer;
    exports.FdSlicer = FdSlicer;
    util.inherits(FdSlicer, EventEmitter);
    function FdSlicer(fd) {
      EventEmitter.call(this);
      this.fd = fd;
      this.pend = new Pend();
      this.pend.max = 1;
      this.refCount = 0;
    }
    FdSlicer.prototype.read = function(buffer, offset, length, position, callback) {
      var self = this;
      self.pend.go(function(cb) {
        fs.read(self.fd, buffer, offset, length, position, function(err, bytesRead, buffer2) {
          cb();
          callback(err, bytesRead, buffer2);
        });
      });
    };
    FdSlicer.prototype.createReadStream = function(options2) {
      return new ReadStream(this, options2);
    };
    FdSlicer.prototype.ref = function() {
      this.refCount += 1;
    };
    FdSlicer.prototype.unref = function() {
      var self = this;
      self.refCount -= 1;
      if (self.refCount < 0) throw new Error("invalid unref");
      if (self.refCount > 0) return;
      fs.close(self.fd, onCloseDone);
      function onCloseDone(err) {
        if (err) {
          self.emit("error", err);
        } else {
          self.emit("close");
        }
      }
    };
    util.inherits(ReadStream, Readable);
    function ReadStream(context, options2) {
      options2 = options2 || {};
      Readable.call(this, options2);
      this.context = context;
      this.context.ref();
      this.start = options2.start || 0;
      this.endOffset = options2.end;
      this.pos = this.start;
    }
    ReadStream.prototype._read = function(n) {
      var self = this;
      var toRead = Math.min(self._readableState.highWaterMark, n);
      if (self.endOffset != null) {
        toRead = Math.min(toRead, self.endOffset - self.pos);
      }
      if (toRead <= 0) {
        self.push(null);
        this._cleanup();
        return;
      }
      self.context.pend.go(function(cb) {
        var buffer = Buffer.allocUnsafe(toRead);
        fs.read(self.context.fd, buffer, 0, toRead, self.pos, function(err, bytesRead) {
          if (err) {
            self.destroy(err);
          } else if (bytesRead === 0) {
            self.push(null);
            self._cleanup();
          } else {
            self.pos += bytesRead;
            self.push(buffer.slice(0, bytesRead));
          }
          cb();
        });
      });
    };
    ReadStream.prototype._destroy = function(err, cb) {
      this._cleanup();
      cb(err);
    };
    ReadStream.prototype._cleanup = function() {
      if (this.context != null) {
        this.context.unref();
        this.context = null;
      }
    };
    util.inherits(BufferSlicer, EventEmitter);
    function BufferSlicer(buffer) {
      EventEmitter.call(this);
      this.refCount = 0;
      this.buffer = buffer;
    }
    BufferSlicer.prototype.read = function(buffer, offset, length, position, callback) {
      if (!(0 <= offset && offset <= buffer.length)) throw new RangeError("offset outside buffer: 0 <= " + offset + " <= " + buffer.length);
      if (position < 0) throw new RangeError("position is negative: " + position);
      if (offset + length > buffer.length) {
        length = buffer.length - offset;
      }
      if (position + length > this.buffer.length) {
        length = this.buffer.length - position;
      }
      if (length <= 0) {
        setImmediate(function() {
          callback(null, 0);
        });
        return;
      }
      this.buffer.copy(buffer, offset, position, position + length);
      setImmediate(function() {
        callback(null, length);
      });
    };
    BufferSlicer.prototype.createReadStream = function(options2) {
      options2 = options2 || {};
      var readStream = new PassThrough(options2);
      readStream.start = options2.start || 0;
      readStream.endOffset = options2.end;
      readStream.pos = readStream.endOffset || this.buffer.length;
      var entireSlice = this.buffer.slice(readStream.start, readStream.pos);
      var maxChunkSize = 65536;
      var offset = 0;
      while (true) {
        var nextOffset = offset + maxChunkSize;
        if (nextOffset >= entireSlice.length) {
          if (offset < entireSlice.length) {
            readStream.write(entireSlice.slice(offset, entireSlice.length));
          }
          break;
        }
        readStream.write(entireSlice.slice(offset, nextOffset));
        offset = nextOffset;
      }
      readStream.end();
      return readStream;
    };
    BufferSlicer.prototype.ref = function() {
      this.refCount += 1;
    };
    BufferSlicer.prototype.unref = function() {
      this.refCount -= 1;
      if (this.refCount < 0) {
        throw new Error("invalid unref");
      }
    };
  }
});

// node_modules/yauzl/crc32.js
var require_crc32 = __commonJS({
  "node_modules/yauzl/crc32.js"(exports, module) {
    var CRC_TABLE = new Int32Array([
      0,
      1996959894,
      3993919788,
      2567524794,
      124634137,
      1886057615,
      3915621685,
      2657392035,
      249268274,
      2044508324,
      3772115230,
      2547177864,
      162941995,
      2125561021,
      3887607047,
      2428444049,
      498536548,
      1789927666,
      4089016648,
      2227061214,
      450548861,
      1843258603,
      4107580753,
      2211677639,
      325883990,
      1684777152,
      4251122042,
      2321926636,
      335633487,
      1661365465,
      4195302755,
      2366115317,
      997073096,
      1281953886,
      3579855332,
      2724688242,
      1006888145,
      1258607687,
      3524101629,
      2768942443,
      901097722,
      1119000684,
      3686517206,
      2898065728,
      853044451,
      1172266101,
      3705015759,
      2882616665,
      651767980,
      1373503546,
      3369554304,
      3218104598,
      565507253,
      1454621731,
      3485111705,
      3099436303,
      671266974,
      1594198024,
      3322730930,
      2970347812,
      795835527,
      1483230225,
      3244367275,
      3060149565,
      1994146192,
      31158534,
      2563907772,
      4023717930,
      1907459465,
      112637215,
      2680153253,
      3904427059,
      2013776290,
      251722036,
      2517215374,
      3775830040,
      2137656763,
      141376813,
      2439277719,
      3865271297,
      1802195444,
      476864866,
      2238001368,
      4066508878,
      1812370925,
      453092731,
      2181625025,
      4111451223,
      1706088902,
      314042704,
      2344532202,
      4240017532,
      1658658271,
      366619977,
      2362670323,
      4224994405,
      1303535960,
      984961486,
      2747007092,
      3569037538,
      1256170817,
      1037604311,
      2765210733,
      3554079995,
      1131014506,
      879679996,
      2909243462,
      3663771856,
      1141124467,
      855842277,
      2852801631,
      3708648649,
      1342533948,
      654459306,
      3188396048,
      3373015174,
      1466479909,
      544179635,
      3110523913,
      3462522015,
      1591671054,
      702138776,
      2966460450,
      3352799412,
      1504918807,
      783551873,
      3082640443,
      3233442989,
      3988292384,
      2596254646,
      62317068,
      1957810842,
      3939845945,
      2647816111,
      81470997,
      1943803523,
      3814918930,
      2489596804,
      225274430,
      2053790376,
      3826175755,
      2466906013,
      167816743,
      2097651377,
      4027552580,
      2265490386,
      503444072,
      1762050814,
      4150417245,
      2154129355,
      426522225,
      1852507879,
      4275313526,
      2312317920,
      282753626,
      1742555852,
      4189708143,
      2394877945,
      397917763,
      1622183637,
      3604390888,
      2714866558,
      953729732,
      1340076626,
      3518719985,
      2797360999,
      1068828381,
      1219638859,
      3624741850,
      2936675148,
      906185462,
      1090812512,
      3747672003,
      2825379669,
      829329135,
      1181335161,
      3412177804,
      3160834842,
      628085408,
      1382605366,
      3423369109,
      3138078467,
      570562233,
      1426400815,
      3317316542,
      2998733608,
      733239954,
      1555261956,
      3268935591,
      3050360625,
      752459403,
      1541320221,
      2607071920,
      3965973030,
      1969922972,
      40735498,
      2617837225,
      3943577151,
      1913087877,
      83908371,
      2512341634,
      3803740692,
      2075208622,
      213261112,
      2463272603,
      3855990285,
      2094854071,
      198958881,
      2262029012,
      4057260610,
      1759359992,
      534414190,
      2176718541,
      4139329115,
      1873836001,
      414664567,
      2282248934,
      4279200368,
      1711684554,
      285281116,
      2405801727,
      4167216745,
      1634467795,
      376229701,
      2685067896,
      3608007406,
      1308918612,
      956543938,
      2808555105,
      3495958263,
      1231636301,
      1047427035,
      2932959818,
      3654703836,
      1088359270,
      936918e3,
      2847714899,
      3736837829,
      1202900863,
      817233897,
      3183342108,
      3401237130,
      1404277552,
      615818150,
      3134207493,
      3453421203,
      1423857449,
      601450431,
      3009837614,
      3294710456,
      1567103746,
      711928724,
      3020668471,
      3272380065,
      1510334235,
      755167117
    ]);
    function crc322(buf) {
      let crc = -1;
      for (let x of buf) {
        crc = CRC_TABLE[(crc ^ x) & 255] ^ crc >>> 8;
      }
      return (crc ^ -1) >>> 0;
    }
    module.exports = crc322;
  }
});

// node_modules/yauzl/index.js
var require_yauzl = __commonJS({
  "node_modules/yauzl/index.js"(exports) {
    var fs = __require("fs");
    var zlib = __require("zlib");
    var fd_slicer = require_fd_slicer();
    var util = __require("util");
    var EventEmitter = __require("events").EventEmitter;
    var Transform2 = __require("stream").Transform;
    var PassThrough = __require("stream").PassThrough;
    var Writable = __require("stream").Writable;
    var crc322 = typeof zlib.crc32 === "function" ? zlib.crc32 : require_crc32();
    exports.open = open;
    exports.fromFd = fromFd;
    exports.fromBuffer = fromBuffer;
    exports.fromRandomAccessReader = fromRandomAccessReader;
    exports.openPromise = openPromise;
    exports.fromFdPromise = fromFdPromise;
    exports.fromBufferPromise = fromBufferPromise;
    exports.fromRandomAccessReaderPromise = fromRandomAccessReaderPromise;
    exports.dosDateTimeToDate = dosDateTimeToDate;
    exports.getFileNameLowLevel = getFileNameLowLevel;
    exports.validateFileName = validateFileName;
    exports.parseExtraFields = parseExtraFields;
    exports.ZipFile = ZipFile;
    exports.Entry = Entry;
    exports.LocalFileHeader = LocalFileHeader;
    exports.RandomAccessReader = RandomAccessReader;
    function openPromise(path, options2) {
      return new Promise((resolve2, reject) => {
        open(path, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve2(zipfile);
        });
      });
    }
    function fromFdPromise(fd, options2) {
      return new Promise((resolve2, reject) => {
        fromFd(fd, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve2(zipfile);
        });
      });
    }
    function fromBufferPromise(buffer, options2) {
      return new Promise((resolve2, reject) => {
        fromBuffer(buffer, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve2(zipfile);
        });
      });
    }
    function fromRandomAccessReaderPromise(reader, totalSize, options2) {
      return new Promise((resolve2, reject) => {
        fromRandomAccessReader(reader, totalSize, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve2(zipfile);
        });
      });
    }
    function open(path, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      if (options2.autoClose == null) options2.autoClose = true;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      if (callback == null) callback = defaultCallback;
      fs.open(path, "r", function(err, fd) {
        if (err) return callback(err);
        fromFd(fd, options2, function(err2, zipfile) {
          if (err2) fs.close(fd, defaultCallback);
          callback(err2, zipfile);
        });
      });
    }
    function fromFd(fd, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      if (options2.autoClose == null) options2.autoClose = false;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      if (callback == null) callback = defaultCallback;
      fs.fstat(fd, function(err, stats) {
        if (err) return callback(err);
        var reader = new fd_slicer.FdSlicer(fd);
        fromRandomAccessReader(reader, stats.size, options2, callback);
      });
    }
    function fromBuffer(buffer, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      options2.autoClose = false;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      var reader = new fd_slicer.BufferSlicer(buffer);
      fromRandomAccessReader(reader, buffer.length, options2, callback);
    }
    function fromRandomAccessReader(reader, totalSize, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      if (options2.autoClose == null) options2.autoClose = true;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      var decodeStrings = !!options2.decodeStrings;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      if (callback == null) callback = defaultCallback;
      if (typeof totalSize !== "number") throw new Error("expected totalSize parameter to be a number");
      if (totalSize > Number.MAX_SAFE_INTEGER) {
        throw new Error("zip file too large. only file sizes up to 2^52 are supported due to JavaScript's Number type being an IEEE 754 double.");
      }
      reader.ref();
      var eocdrWithoutCommentSize = 22;
      var zip64EocdlSize = 20;
      var maxCommentSize = 65535;
      var bufferSize = Math.min(zip64EocdlSize + eocdrWithoutCommentSize + maxCommentSize, totalSize);
      var buffer = newBuffer(bufferSize);
      var bufferReadStart = totalSize - buffer.length;
      readAndAssertNoEof(reader, buffer, 0, bufferSize, bufferReadStart, function(err) {
        if (err) return callback(err);
        for (var i = bufferSize - eocdrWithoutCommentSize; i >= 0; i -= 1) {
          if (buffer.readUInt32LE(i) !== 101010256) continue;
          var eocdrBuffer = buffer.subarray(i);
          var diskNumber = eocdrBuffer.readUInt16LE(4);
          var entryCount = eocdrBuffer.readUInt16LE(10);
          var centralDirectoryOffset = eocdrBuffer.readUInt32LE(16);
          var commentLength = eocdrBuffer.readUInt16LE(20);
          var expectedCommentLength = eocdrBuffer.length - eocdrWithoutCommentSize;
          if (commentLength !== expectedCommentLength) {
            return callback(new Error("Invalid comment length. Expected: " + expectedCommentLength + ". Found: " + commentLength + ". Are there extra bytes at the end of the file? Or is the end of central dir signature `PK\u263A\u263B` in the comment?"));
          }
          var comment = decodeStrings ? decodeBuffer(eocdrBuffer.subarray(22), false) : eocdrBuffer.subarray(22);
          if (i - zip64EocdlSize >= 0 && buffer.readUInt32LE(i - zip64EocdlSize) === 117853008) {
            var zip64EocdlBuffer = buffer.subarray(i - zip64EocdlSize, i - zip64EocdlSize + zip64EocdlSize);
            var zip64EocdrOffset = readUInt64LE(zip64EocdlBuffer, 8);
            var zip64EocdrBuffer = newBuffer(56);
            return readAndAssertNoEof(reader, zip64EocdrBuffer, 0, zip64EocdrBuffer.length, zip64EocdrOffset, function(err2) {
              if (err2) return callback(err2);
              if (zip64EocdrBuffer.readUInt32LE(0) !== 101075792) {
                return callback(new Error("invalid zip64 end of central directory record signature"));
              }
              diskNumber = zip64EocdrBuffer.readUInt32LE(16);
              if (diskNumber !== 0) {
                return callback(new Error("multi-disk zip files are not supported: found disk number: " + diskNumber));
              }
              entryCount = readUInt64LE(zip64EocdrBuffer, 32);
              centralDirectoryOffset = readUInt64LE(zip64EocdrBuffer, 48);
              return callback(null, new ZipFile(reader, centralDirectoryOffset, totalSize, entryCount, comment, options2.autoClose, options2.lazyEntries, decodeStrings, options2.validateEntrySizes, options2.strictFileNames));
            });
          }
          if (diskNumber !== 0) {
            return callback(new Error("multi-disk zip files are not supported: found disk number: " + diskNumber));
          }
          return callback(null, new ZipFile(reader, centralDirectoryOffset, totalSize, entryCount, comment, options2.autoClose, options2.lazyEntries, decodeStrings, options2.validateEntrySizes, options2.strictFileNames));
        }
        callback(new Error("End of central directory record signature not found. Either not a zip file, or file is truncated."));
      });
    }
    util.inherits(ZipFile, EventEmitter);
    function ZipFile(reader, centralDirectoryOffset, fileSize, entryCount, comment, autoClose, lazyEntries, decodeStrings, validateEntrySizes, strictFileNames) {
      var self = this;
      EventEmitter.call(self);
      self.reader = reader;
      self.reader.on("error", function(err) {
        emitError(self, err);
      });
      self.reader.once("close", function() {
        self.emit("close");
      });
      self.readEntryCursor = centralDirectoryOffset;
      self.fileSize = fileSize;
      self.entryCount = entryCount;
      self.comment = comment;
      self.entriesRead = 0;
      self.autoClose = !!autoClose;
      self.lazyEntries = !!lazyEntries;
      self.decodeStrings = !!decodeStrings;
      self.validateEntrySizes = !!validateEntrySizes;
      self.strictFileNames = !!strictFileNames;
      self.isOpen = true;
      self.emittedError = false;
      self.hasEachEntryBeenCalled = false;
      if (!self.lazyEntries) self._readEntry();
    }
    ZipFile.prototype.close = function() {
      if (!this.isOpen) return;
      this.isOpen = false;
      this.reader.unref();
    };
    function emitErrorAndAutoClose(self, err) {
      if (self.autoClose) self.close();
      emitError(self, err);
    }
    function emitError(self, err) {
      if (self.emittedError) return;
      self.emittedError = true;
      self.emit("error", err);
    }
    ZipFile.prototype.readEntry = function() {
      if (!this.lazyEntries) throw new Error("readEntry() called without lazyEntries:true");
      this._readEntry();
    };
    ZipFile.prototype._readEntry = function() {
      var self = this;
      if (self.entryCount === self.entriesRead) {
        setImmediate(function() {
          if (self.autoClose) self.close();
          if (self.emittedError) return;
          self.emit("end");
        });
        return;
      }
      if (self.emittedError) return;
      var buffer = newBuffer(46);
      readAndAssertNoEof(self.reader, buffer, 0, buffer.length, self.readEntryCursor, function(err) {
        if (err) return emitErrorAndAutoClose(self, err);
        if (self.emittedError) return;
        var entry = new Entry();
        var signature = buffer.readUInt32LE(0);
        if (signature !== 33639248) return emitErrorAndAutoClose(self, new Error("invalid central directory file header signature: 0x" + signature.toString(16)));
        entry.versionMadeBy = buffer.readUInt16LE(4);
        entry.versionNeededToExtract = buffer.readUInt16LE(6);
        entry.generalPurposeBitFlag = buffer.readUInt16LE(8);
        entry.compressionMethod = buffer.readUInt16LE(10);
        entry.lastModFileTime = buffer.readUInt16LE(12);
        entry.lastModFileDate = buffer.readUInt16LE(14);
        entry.crc32 = buffer.readUInt32LE(16);
        entry.compressedSize = buffer.readUInt32LE(20);
        entry.uncompressedSize = buffer.readUInt32LE(24);
        entry.fileNameLength = buffer.readUInt16LE(28);
        entry.extraFieldLength = buffer.readUInt16LE(30);
        entry.fileCommentLength = buffer.readUInt16LE(32);
        entry.internalFileAttributes = buffer.readUInt16LE(36);
        entry.externalFileAttributes = buffer.readUInt32LE(38);
        entry.relativeOffsetOfLocalHeader = buffer.readUInt32LE(42);
        if (entry.generalPurposeBitFlag & 64) return emitErrorAndAutoClose(self, new Error("strong encryption is not supported"));
        self.readEntryCursor += 46;
        buffer = newBuffer(entry.fileNameLength + entry.extraFieldLength + entry.fileCommentLength);
        readAndAssertNoEof(self.reader, buffer, 0, buffer.length, self.readEntryCursor, function(err2) {
          if (err2) return emitErrorAndAutoClose(self, err2);
          if (self.emittedError) return;
          entry.fileNameRaw = buffer.subarray(0, entry.fileNameLength);
          var fileCommentStart = entry.fileNameLength + entry.extraFieldLength;
          entry.extraFieldRaw = buffer.subarray(entry.fileNameLength, fileCommentStart);
          entry.fileCommentRaw = buffer.subarray(fileCommentStart, fileCommentStart + entry.fileCommentLength);
          try {
            entry.extraFields = parseExtraFields(entry.extraFieldRaw);
          } catch (err3) {
            return emitErrorAndAutoClose(self, err3);
          }
          if (self.decodeStrings) {
            var isUtf8 = (entry.generalPurposeBitFlag & 2048) !== 0;
            entry.fileComment = decodeBuffer(entry.fileCommentRaw, isUtf8);
            entry.fileName = getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, self.strictFileNames);
            var errorMessage = validateFileName(entry.fileName);
            if (errorMessage != null) return emitErrorAndAutoClose(self, new Error(errorMessage));
          } else {
            entry.fileComment = entry.fileCommentRaw;
            entry.fileName = entry.fileNameRaw;
          }
          entry.comment = entry.fileComment;
          self.readEntryCursor += buffer.length;
          self.entriesRead += 1;
          for (var i = 0; i < entry.extraFields.length; i++) {
            var extraField = entry.extraFields[i];
            if (extraField.id !== 1) continue;
            var zip64EiefBuffer = extraField.data;
            var index = 0;
            if (entry.uncompressedSize === 4294967295) {
              if (index + 8 > zip64EiefBuffer.length) {
                return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include uncompressed size"));
              }
              entry.uncompressedSize = readUInt64LE(zip64EiefBuffer, index);
              index += 8;
            }
            if (entry.compressedSize === 4294967295) {
              if (index + 8 > zip64EiefBuffer.length) {
                return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include compressed size"));
              }
              entry.compressedSize = readUInt64LE(zip64EiefBuffer, index);
              index += 8;
            }
            if (entry.relativeOffsetOfLocalHeader === 4294967295) {
              if (index + 8 > zip64EiefBuffer.length) {
                return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include relative header offset"));
              }
              entry.relativeOffsetOfLocalHeader = readUInt64LE(zip64EiefBuffer, index);
              index += 8;
            }
            break;
          }
          if (self.validateEntrySizes && entry.compressionMethod === 0) {
            var expectedCompressedSize = entry.uncompressedSize;
            if (entry.isEncrypted()) {
              expectedCompressedSize += 12;
            }
            if (entry.compressedSize !== expectedCompressedSize) {
              var msg = "compressed/uncompressed size mismatch for stored file: " + entry.compressedSize + " != " + entry.uncompressedSize;
              return emitErrorAndAutoClose(self, new Error(msg));
            }
          }
          self.emit("entry", entry);
          if (!self.lazyEntries) self._readEntry();
        });
      });
    };
    ZipFile.prototype.eachEntry = function() {
      const self = this;
      if (!self.lazyEntries) throw new Error("eachEntry() requires lazyEntries: true");
      if (self.hasEachEntryBeenCalled) throw new Error("eachEntry() must only be called once per ZipFile");
      self.hasEachEntryBeenCalled = true;
      let pendingResolveReject = null;
      self.on("entry", onEntry);
      self.on("end", onEnd);
      self.on("error", onError);
      function cleanup() {
        self.removeListener("entry", onEntry);
        self.removeListener("end", onEnd);
        self.removeListener("error", onError);
        if (self.autoClose) self.close();
      }
      function onEntry(entry) {
        let { resolve: resolve2 } = pendingResolveReject;
        pendingResolveReject = null;
        resolve2({ value: entry });
      }
      function onEnd() {
        let { resolve: resolve2 } = pendingResolveReject;
        pendingResolveReject = null;
        cleanup();
        resolve2({ done: true });
      }
      function onError(err) {
        let { reject } = pendingResolveReject;
        pendingResolveReject = null;
        cleanup();
        reject(err);
      }
      return {
        [Symbol.asyncIterator]() {
          return this;
        },
        next() {
          const promise = new Promise((resolve2, reject) => {
            if (pendingResolveReject != null) throw new Error("next() called before previous Promise was resolved.");
            pendingResolveReject = { resolve: resolve2, reject };
          });
          self.readEntry();
          return promise;
        },
        return(value) {
          cleanup();
          return Promise.resolve({ done: true, value });
        },
        throw(value) {
          cleanup();
          return Promise.reject(value);
        }
      };
    };
    ZipFile.prototype.openReadStream = function(entry, options2, callback) {
      var self = this;
      var relativeStart = 0;
      var relativeEnd = entry.compressedSize;
      if (callback == null) {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) {
        options2 = {};
      } else {
        if (options2.decodeFileData === false) {
          if (options2.decrypt != null) {
            throw new Error("cannot use options.decrypt when options.decodeFileData === false");
          }
          if (options2.decompress != null) {
            throw new Error("cannot use options.decompress when options.decodeFileData === false");
          }
        } else {
          if (options2.decrypt != null) {
            if (!entry.isEncrypted()) {
              throw new Error("options.decrypt can only be specified for encrypted entries. See also option decodeFileData.");
            }
            if (options2.decrypt !== false) throw new Error("invalid options.decrypt value: " + options2.decrypt);
            if (entry.isCompressed()) {
              if (options2.decompress !== false) throw new Error("entry is encrypted and compressed, and options.decompress !== false. See also option decodeFileData.");
            }
          }
          if (options2.decompress != null) {
            if (!entry.isCompressed()) {
              throw new Error("options.decompress can only be specified for compressed entries. See also option decodeFileData.");
            }
            if (!(options2.decompress === false || options2.decompress === true)) {
              throw new Error("invalid options.decompress value: " + options2.decompress);
            }
            decompress = options2.decompress;
          }
        }
        if (options2.start != null) {
          relativeStart = options2.start;
          if (relativeStart < 0) throw new Error("options.start < 0");
          if (relativeStart > entry.compressedSize) throw new Error("options.start > entry.compressedSize");
        }
        if (options2.end != null) {
          relativeEnd = options2.end;
          if (relativeEnd < 0) throw new Error("options.end < 0");
          if (relativeEnd > entry.compressedSize) throw new Error("options.end > entry.compressedSize");
          if (relativeEnd < relativeStart) throw new Error("options.end < options.start");
        }
      }
      var rawMode = options2.decodeFileData === false || // Explicitly requested raw.
      (entry.compressionMethod === 0 || // Naturally without compression.
      entry.compressionMethod === 8 && options2.decompress === false) && (!entry.isEncrypted() || // Naturally without encryption.
      options2.decrypt === false);
      if (options2.start != null || options2.end != null) {
        if (!rawMode) throw new Error("start/end range require options.decodeFileData === false for non-trivial encoded entries.");
      }
      if (!self.isOpen) return callback(new Error("closed"));
      if (entry.isEncrypted() && !rawMode) {
        if (options2.decrypt !== false) return callback(new Error("entry is encrypted, and options.decodeFileData !== false"));
      }
      var decompress;
      if (rawMode) {
        decompress = false;
      } else if (entry.compressionMethod === 8) {
        decompress = options2.decodeFileData !== true;
      } else {
        return callback(new Error("unsupported compression method: " + entry.compressionMethod));
      }
      self.readLocalFileHeader(entry, { minimal: true }, function(err, localFileHeader) {
        if (err) return callback(err);
        self.openReadStreamLowLevel(
          localFileHeader.fileDataStart,
          entry.compressedSize,
          relativeStart,
          relativeEnd,
          decompress,
          entry.uncompressedSize,
          callback
        );
      });
    };
    ZipFile.prototype.openReadStreamLowLevel = function(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize, callback) {
      var self = this;
      var fileDataEnd = fileDataStart + compressedSize;
      var readStream = self.reader.createReadStream({
        start: fileDataStart + relativeStart,
        end: fileDataStart + relativeEnd
      });
      var endpointStream = readStream;
      if (decompress) {
        var destroyed = false;
        var inflateFilter = zlib.createInflateRaw();
        readStream.on("error", function(err) {
          setImmediate(function() {
            if (!destroyed) inflateFilter.emit("error", err);
          });
        });
        readStream.pipe(inflateFilter);
        if (self.validateEntrySizes) {
          endpointStream = new AssertByteCountStream(uncompressedSize);
          inflateFilter.on("error", function(err) {
            setImmediate(function() {
              if (!destroyed) endpointStream.emit("error", err);
            });
          });
          inflateFilter.pipe(endpointStream);
        } else {
          endpointStream = inflateFilter;
        }
        installDestroyFn(endpointStream, function() {
          destroyed = true;
          if (inflateFilter !== endpointStream) inflateFilter.unpipe(endpointStream);
          readStream.unpipe(inflateFilter);
          readStream.destroy();
        });
      }
      callback(null, endpointStream);
    };
    ZipFile.prototype.readLocalFileHeader = function(entry, options2, callback) {
      var self = this;
      if (callback == null) {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      self.reader.ref();
      var buffer = newBuffer(30);
      readAndAssertNoEof(self.reader, buffer, 0, buffer.length, entry.relativeOffsetOfLocalHeader, function(err) {
        try {
          if (err) return callback(err);
          var signature = buffer.readUInt32LE(0);
          if (signature !== 67324752) {
            return callback(new Error("invalid local file header signature: 0x" + signature.toString(16)));
          }
          var fileNameLength = buffer.readUInt16LE(26);
          var extraFieldLength = buffer.readUInt16LE(28);
          var fileDataStart = entry.relativeOffsetOfLocalHeader + 30 + fileNameLength + extraFieldLength;
          if (fileDataStart + entry.compressedSize > self.fileSize) {
            return callback(new Error("file data overflows file bounds: " + fileDataStart + " + " + entry.compressedSize + " > " + self.fileSize));
          }
          if (options2.minimal) {
            return callback(null, { fileDataStart });
          }
          var localFileHeader = new LocalFileHeader();
          localFileHeader.fileDataStart = fileDataStart;
          localFileHeader.versionNeededToExtract = buffer.readUInt16LE(4);
          localFileHeader.generalPurposeBitFlag = buffer.readUInt16LE(6);
          localFileHeader.compressionMethod = buffer.readUInt16LE(8);
          localFileHeader.lastModFileTime = buffer.readUInt16LE(10);
          localFileHeader.lastModFileDate = buffer.readUInt16LE(12);
          localFileHeader.crc32 = buffer.readUInt32LE(14);
          localFileHeader.compressedSize = buffer.readUInt32LE(18);
          localFileHeader.uncompressedSize = buffer.readUInt32LE(22);
          localFileHeader.fileNameLength = fileNameLength;
          localFileHeader.extraFieldLength = extraFieldLength;
          buffer = newBuffer(fileNameLength + extraFieldLength);
          self.reader.ref();
          readAndAssertNoEof(self.reader, buffer, 0, buffer.length, entry.relativeOffsetOfLocalHeader + 30, function(err2) {
            try {
              if (err2) return callback(err2);
              localFileHeader.fileName = buffer.subarray(0, fileNameLength);
              localFileHeader.extraField = buffer.subarray(fileNameLength);
              return callback(null, localFileHeader);
            } finally {
              self.reader.unref();
            }
          });
        } finally {
          self.reader.unref();
        }
      });
    };
    ZipFile.prototype.openReadStreamPromise = function(entry, options2) {
      return new Promise((resolve2, reject) => {
        this.openReadStream(entry, options2, function(err, readStream) {
          if (err) return reject(err);
          resolve2(readStream);
        });
      });
    };
    ZipFile.prototype.openReadStreamLowLevelPromise = function(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize) {
      return new Promise((resolve2, reject) => {
        this.openReadStream(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize, function(err, readStream) {
          if (err) return reject(err);
          resolve2(readStream);
        });
      });
    };
    ZipFile.prototype.readLocalFileHeaderPromise = function(entry, options2) {
      return new Promise((resolve2, reject) => {
        this.readLocalFileHeader(entry, options2, function(err, localFileHeader) {
          if (err) return reject(err);
          resolve2(localFileHeader);
        });
      });
    };
    function Entry() {
    }
    Entry.prototype.getLastModDate = function(options2) {
      if (options2 == null) options2 = {};
      if (!options2.forceDosFormat) {
        for (var i = 0; i < this.extraFields.length; i++) {
          var extraField = this.extraFields[i];
          if (extraField.id === 21589) {
            var data = extraField.data;
            if (data.length < 5) continue;
            var flags = data[0];
            var HAS_MTIME = 1;
            if (!(flags & HAS_MTIME)) continue;
            var posixTimestamp = data.readInt32LE(1);
            return new Date(posixTimestamp * 1e3);
          } else if (extraField.id === 10) {
            var data = extraField.data;
            if (data.length !== 32) continue;
            if (data.readUInt16LE(4) !== 1) continue;
            if (data.readUInt16LE(6) !== 24) continue;
            var hundredNanoSecondsSince1601 = data.readUInt32LE(8) + 4294967296 * data.readInt32LE(12);
            var millisecondsSince1970 = hundredNanoSecondsSince1601 / 1e4 - 116444736e5;
            return new Date(millisecondsSince1970);
          }
        }
      }
      return dosDateTimeToDate(this.lastModFileDate, this.lastModFileTime, options2.timezone);
    };
    Entry.prototype.canDecodeFileData = function() {
      return !this.isEncrypted() && (this.compressionMethod === 0 || this.compressionMethod === 8);
    };
    Entry.prototype.isEncrypted = function() {
      return (this.generalPurposeBitFlag & 1) !== 0;
    };
    Entry.prototype.isCompressed = function() {
      return this.compressionMethod === 8;
    };
    function LocalFileHeader() {
    }
    function dosDateTimeToDate(date, time, timezone) {
      var day = date & 31;
      var month = (date >> 5 & 15) - 1;
      var year = (date >> 9 & 127) + 1980;
      var millisecond = 0;
      var second = (time & 31) * 2;
      var minute = time >> 5 & 63;
      var hour = time >> 11 & 31;
      if (timezone == null || timezone === "local") {
        return new Date(year, month, day, hour, minute, second, millisecond);
      } else if (timezone === "UTC") {
        return new Date(Date.UTC(year, month, day, hour, minute, second, millisecond));
      } else {
        throw new Error("unrecognized options.timezone: " + options.timezone);
      }
    }
    function getFileNameLowLevel(generalPurposeBitFlag, fileNameBuffer, extraFields, strictFileNames) {
      var fileName = null;
      for (var i = 0; i < extraFields.length; i++) {
        var extraField = extraFields[i];
        if (extraField.id === 28789) {
          if (extraField.data.length < 6) {
            continue;
          }
          if (extraField.data.readUInt8(0) !== 1) {
            continue;
          }
          var oldNameCrc32 = extraField.data.readUInt32LE(1);
          if (crc322(fileNameBuffer) !== oldNameCrc32) {
            continue;
          }
          fileName = decodeBuffer(extraField.data.subarray(5), true);
          break;
        }
      }
      if (fileName == null) {
        var isUtf8 = (generalPurposeBitFlag & 2048) !== 0;
        fileName = decodeBuffer(fileNameBuffer, isUtf8);
      }
      if (!strictFileNames) {
        fileName = fileName.replace(/\\/g, "/");
      }
      return fileName;
    }
    function validateFileName(fileName) {
      if (fileName.indexOf("\\") !== -1) {
        return "invalid characters in fileName: " + fileName;
      }
      if (/^[a-zA-Z]:/.test(fileName) || /^\//.test(fileName)) {
        return "absolute path: " + fileName;
      }
      if (fileName.split("/").indexOf("..") !== -1) {
        return "invalid relative path: " + fileName;
      }
      return null;
    }
    function parseExtraFields(extraFieldBuffer) {
      var extraFields = [];
      var i = 0;
      while (i < extraFieldBuffer.length - 3) {
        var headerId = extraFieldBuffer.readUInt16LE(i + 0);
        var dataSize = extraFieldBuffer.readUInt16LE(i + 2);
        var dataStart = i + 4;
        var dataEnd = dataStart + dataSize;
        if (dataEnd > extraFieldBuffer.length) throw new Error("extra field length exceeds extra field buffer size");
        var dataBuffer = extraFieldBuffer.subarray(dataStart, dataEnd);
        extraFields.push({
          id: headerId,
          data: dataBuffer
        });
        i = dataEnd;
      }
      return extraFields;
    }
    function readAndAssertNoEof(reader, buffer, offset, length, position, callback) {
      if (length === 0) {
        return setImmediate(function() {
          callback(null, newBuffer(0));
        });
      }
      reader.read(buffer, offset, length, position, function(err, bytesRead) {
        if (err) return callback(err);
        if (bytesRead < length) {
          return callback(new Error("unexpected EOF"));
        }
        callback();
      });
    }
    util.inherits(AssertByteCountStream, Transform2);
    function AssertByteCountStream(byteCount) {
      Transform2.call(this);
      this.actualByteCount = 0;
      this.expectedByteCount = byteCount;
    }
    AssertByteCountStream.prototype._transform = function(chunk, encoding, cb) {
      this.actualByteCount += chunk.length;
      if (this.actualByteCount > this.expectedByteCount) {
        var msg = "too many bytes in the stream. expected " + this.expectedByteCount + ". got at least " + this.actualByteCount;
        return cb(new Error(msg));
      }
      cb(null, chunk);
    };
    AssertByteCountStream.prototype._flush = function(cb) {
      if (this.actualByteCount < this.expectedByteCount) {
        var msg = "not enough bytes in the stream. expected " + this.expectedByteCount + ". got only " + this.actualByteCount;
        return cb(new Error(msg));
      }
      cb();
    };
    util.inherits(RandomAccessReader, EventEmitter);
    function RandomAccessReader() {
      EventEmitter.call(this);
      this.refCount = 0;
    }
    RandomAccessReader.prototype.ref = function() {
      this.refCount += 1;
    };
    RandomAccessReader.prototype.unref = function() {
      var self = this;
      self.refCount -= 1;
      if (self.refCount > 0) return;
      if (self.refCount < 0) throw new Error("invalid unref");
      self.close(onCloseDone);
      function onCloseDone(err) {
        if (err) return self.emit("error", err);
        self.emit("close");
      }
    };
    RandomAccessReader.prototype.createReadStream = function(options2) {
      if (options2 == null) options2 = {};
      var start = options2.start;
      var end = options2.end;
      if (start === end) {
        var emptyStream = new PassThrough();
        setImmediate(function() {
          emptyStream.end();
        });
        return emptyStream;
      }
      var stream = this._readStreamForRange(start, end);
      var destroyed = false;
      var refUnrefFilter = new RefUnrefFilter(this);
      stream.on("error", function(err) {
        setImmediate(function() {
          if (!destroyed) refUnrefFilter.emit("error", err);
        });
      });
      installDestroyFn(refUnrefFilter, function() {
        stream.unpipe(refUnrefFilter);
        refUnrefFilter.unref();
        stream.destroy();
      });
      var byteCounter = new AssertByteCountStream(end - start);
      refUnrefFilter.on("error", function(err) {
        setImmediate(function() {
          if (!destroyed) byteCounter.emit("error", err);
        });
      });
      installDestroyFn(byteCounter, function() {
        destroyed = true;
        refUnrefFilter.unpipe(byteCounter);
        refUnrefFilter.destroy();
      });
      return stream.pipe(refUnrefFilter).pipe(byteCounter);
    };
    RandomAccessReader.prototype._readStreamForRange = function(start, end) {
      throw new Error("not implemented");
    };
    RandomAccessReader.prototype.read = function(buffer, offset, length, position, callback) {
      var readStream = this.createReadStream({ start: position, end: position + length });
      var writeStream = new Writable();
      var written = 0;
      writeStream._write = function(chunk, encoding, cb) {
        chunk.copy(buffer, offset + written, 0, chunk.length);
        written += chunk.length;
        cb();
      };
      writeStream.on("finish", callback);
      readStream.on("error", function(error) {
        callback(error);
      });
      readStream.pipe(writeStream);
    };
    RandomAccessReader.prototype.close = function(callback) {
      setImmediate(callback);
    };
    util.inherits(RefUnrefFilter, PassThrough);
    function RefUnrefFilter(context) {
      PassThrough.call(this);
      this.context = context;
      this.context.ref();
      this.unreffedYet = false;
    }
    RefUnrefFilter.prototype._flush = function(cb) {
      this.unref();
      cb();
    };
    RefUnrefFilter.prototype.unref = function(cb) {
      if (this.unreffedYet) return;
      this.unreffedYet = true;
      this.context.unref();
    };
    var cp437 = "\0\u263A\u263B\u2665\u2666\u2663\u2660\u2022\u25D8\u25CB\u25D9\u2642\u2640\u266A\u266B\u263C\u25BA\u25C4\u2195\u203C\xB6\xA7\u25AC\u21A8\u2191\u2193\u2192\u2190\u221F\u2194\u25B2\u25BC !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u2302\xC7\xFC\xE9\xE2\xE4\xE0\xE5\xE7\xEA\xEB\xE8\xEF\xEE\xEC\xC4\xC5\xC9\xE6\xC6\xF4\xF6\xF2\xFB\xF9\xFF\xD6\xDC\xA2\xA3\xA5\u20A7\u0192\xE1\xED\xF3\xFA\xF1\xD1\xAA\xBA\xBF\u2310\xAC\xBD\xBC\xA1\xAB\xBB\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255D\u255C\u255B\u2510\u2514\u2534\u252C\u251C\u2500\u253C\u255E\u255F\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256B\u256A\u2518\u250C\u2588\u2584\u258C\u2590\u2580\u03B1\xDF\u0393\u03C0\u03A3\u03C3\xB5\u03C4\u03A6\u0398\u03A9\u03B4\u221E\u03C6\u03B5\u2229\u2261\xB1\u2265\u2264\u2320\u2321\xF7\u2248\xB0\u2219\xB7\u221A\u207F\xB2\u25A0\xA0";
    function decodeBuffer(buffer, isUtf8) {
      if (isUtf8) {
        return buffer.toString("utf8");
      } else {
        var result = "";
        for (var i = 0; i < buffer.length; i++) {
          result += cp437[buffer[i]];
        }
        return result;
      }
    }
    function readUInt64LE(buffer, offset) {
      var lower32 = buffer.readUInt32LE(offset);
      var upper32 = buffer.readUInt32LE(offset + 4);
      return upper32 * 4294967296 + lower32;
    }
    var newBuffer;
    if (typeof Buffer.allocUnsafe === "function") {
      newBuffer = function(len) {
        return Buffer.allocUnsafe(len);
      };
    } else {
      newBuffer = function(len) {
        return new Buffer(len);
      };
    }
    function installDestroyFn(stream, fn) {
      if (typeof stream.destroy === "function") {
        stream._destroy = function(err, cb) {
          fn();
          if (cb != null) cb(err);
        };
      } else {
        stream.destroy = fn;
      }
    }
    function defaultCallback(err) {
      if (err) throw err;
    }
  }
});

// src/actions/compare-baseline.ts
import { mkdir as mkdir3 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname as dirname3, join as join2 } from "node:path";

// src/github/artifacts.ts
import { mkdir as mkdir2, mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { dirname as dirname2, join } from "node:path";

// src/github/unzip.ts
var import_yauzl = __toESM(require_yauzl(), 1);
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32 } from "node:zlib";
var DEFAULT_UNZIP_LIMITS = {
  maxEntries: 1e4,
  maxTotalBytes: 1024 ** 3
};
var S_IFMT = 61440;
var S_IFLNK = 40960;
function zipError(archive, message, context = {}, cause) {
  return new WafGateError("E_ZIP", `${archive}: ${message}`, {
    context: { archive, ...context },
    ...cause === void 0 ? {} : { cause },
    hint: "The artifact is not a baseline waf-gate uploaded; delete it or upload the baseline again."
  });
}
function safeEntryPath(archive, entry) {
  const raw = import_yauzl.default.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileNameRaw,
    entry.extraFields,
    false
    // not strict: backslashes become "/", so "..\\x" is caught as ".."
  );
  const parts = raw.split("/");
  if (raw.startsWith("/") || /^[A-Za-z]:/.test(raw) || raw.includes("\0") || parts.includes(".."))
    throw zipError(
      archive,
      `entry "${raw}" would be written outside the target folder (zip-slip)`,
      {
        entry: raw
      }
    );
  const kept = parts.filter((p) => p !== "" && p !== ".");
  if (kept.length === 0 && (raw.endsWith("/") || raw === ".")) return "";
  if (kept.length === 0)
    throw zipError(archive, `an entry has no file name ("${raw}")`, { entry: raw });
  return kept.join("/") + (raw.endsWith("/") ? "/" : "");
}
function checkStream(archive, name, expectedCrc, budget) {
  let crc = 0;
  return new Transform({
    transform(chunk, _encoding, done) {
      budget.usedBytes += chunk.length;
      if (budget.usedBytes > budget.maxTotalBytes) {
        done(
          zipError(
            archive,
            `entry "${name}" unpacks past the limit of ${budget.maxTotalBytes} bytes (zip bomb?)`,
            { entry: name, maxTotalBytes: budget.maxTotalBytes }
          )
        );
        return;
      }
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
    flush(done) {
      if (crc >>> 0 !== expectedCrc >>> 0)
        done(
          zipError(archive, `entry "${name}" is corrupt (CRC-32 mismatch)`, {
            entry: name,
            expectedCrc: expectedCrc >>> 0,
            actualCrc: crc >>> 0
          })
        );
      else done();
    }
  });
}
async function extractEntry(zip, archive, entry, name, target, budget) {
  await mkdir(dirname(target), { recursive: true });
  const input2 = await zip.openReadStreamPromise(entry);
  try {
    await pipeline(
      input2,
      checkStream(archive, name, entry.crc32, budget),
      createWriteStream(target, { flags: "wx" })
    );
  } catch (error) {
    if (error.code === "EEXIST")
      throw zipError(archive, `entry "${name}" appears twice`, { entry: name }, error);
    if (error.code === "E_ZIP") throw error;
    throw zipError(
      archive,
      `entry "${name}" cannot be unpacked: ${error instanceof Error ? error.message : String(error)}`,
      { entry: name },
      error
    );
  }
}
async function extractZipFile(zipPath, destDir, options2 = {}) {
  const maxEntries = options2.maxEntries ?? DEFAULT_UNZIP_LIMITS.maxEntries;
  const maxTotalBytes = options2.maxTotalBytes ?? DEFAULT_UNZIP_LIMITS.maxTotalBytes;
  const archive = options2.displayName ?? zipPath;
  let zip;
  try {
    zip = await import_yauzl.default.openPromise(zipPath, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      // names are decoded and checked by safeEntryPath, with our own message
      validateEntrySizes: true
    });
  } catch (error) {
    throw zipError(
      archive,
      `not a readable zip archive (${error instanceof Error ? error.message : String(error)})`,
      {},
      error
    );
  }
  try {
    if (zip.entryCount > maxEntries)
      throw zipError(archive, `${zip.entryCount} entries, more than the limit of ${maxEntries}`, {
        entries: zip.entryCount,
        maxEntries
      });
    const root = resolve(destDir);
    await mkdir(root, { recursive: true });
    const budget = { usedBytes: 0, maxTotalBytes };
    let declaredBytes = 0;
    const written = [];
    for await (const entry of zip.eachEntry()) {
      const name = safeEntryPath(archive, entry);
      if (name === "") continue;
      const target = resolve(root, name);
      if (target !== root && !target.startsWith(root + sep))
        throw zipError(archive, `entry "${name}" escapes the target folder`, { entry: name });
      if ((entry.externalFileAttributes >>> 16 & S_IFMT) === S_IFLNK)
        throw zipError(archive, `entry "${name}" is a symbolic link; links are not unpacked`, {
          entry: name
        });
      if (name.endsWith("/")) {
        await mkdir(target, { recursive: true });
        continue;
      }
      if (!entry.canDecodeFileData())
        throw zipError(
          archive,
          `entry "${name}" is ${entry.isEncrypted() ? "encrypted" : `compressed with method ${entry.compressionMethod}`}; only stored and deflated entries are read`,
          { entry: name }
        );
      declaredBytes += entry.uncompressedSize;
      if (declaredBytes > maxTotalBytes)
        throw zipError(
          archive,
          `entry "${name}" brings the archive to ${declaredBytes} uncompressed bytes, more than the limit of ${maxTotalBytes} (zip bomb?)`,
          { entry: name, declaredBytes, maxTotalBytes }
        );
      await extractEntry(zip, archive, entry, name, target, budget);
      written.push(name);
    }
    return written;
  } catch (error) {
    if (error.code === "E_ZIP") throw error;
    throw zipError(
      archive,
      `not a usable zip archive (${error instanceof Error ? error.message : String(error)})`,
      {},
      error
    );
  } finally {
    zip.close();
  }
}

// src/github/artifacts.ts
var BASELINE_EVENTS = ["schedule", "workflow_dispatch", "push"];
function baselineArtifactName(query, prefix = "waf-gate-baseline") {
  const clean = (s) => s.replace(/[^A-Za-z0-9._+-]+/g, "_");
  return `${clean(prefix)}-${clean(query.corpusFingerprint.replace(/^sha256:/, "").slice(0, 12))}-${clean(query.mode)}-${clean(query.shapeHash)}-${clean(query.setupHash)}`;
}
async function listBaselineRuns(options2, signal) {
  const maxRuns = options2.maxRuns ?? 20;
  const events = options2.events ?? BASELINE_EVENTS;
  const runs = /* @__PURE__ */ new Map();
  for (const event of events) {
    for (const run of await listRunsOfEvent(options2, event, maxRuns, signal)) runs.set(run.id, run);
  }
  return [...runs.values()].sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? "") || b.id - a.id).slice(0, maxRuns);
}
async function listRunsOfEvent(options2, event, maxRuns, signal) {
  const perPage = Math.min(100, maxRuns);
  const path = `/repos/${encodeURIComponent(options2.owner)}/${encodeURIComponent(options2.repo)}/actions/workflows/${encodeURIComponent(options2.workflow)}/runs`;
  const runs = [];
  const pages = options2.client.paginate(
    path,
    {
      branch: options2.branch,
      event,
      status: "success",
      per_page: perPage,
      exclude_pull_requests: true
    },
    (data) => data.workflow_runs ?? [],
    // Two spare pages for runs skipped as fork runs; bounded either way.
    Math.ceil(maxRuns / perPage) + 2,
    signal
  );
  for await (const run of pages) {
    if (runs.length >= maxRuns) break;
    const repoId = run.repository?.id;
    const headId = run.head_repository?.id;
    if (repoId === void 0 || headId !== repoId) {
      (options2.logger ?? silentLogger).debug(
        `baseline: skipping run ${run.id} (head repository ${run.head_repository?.full_name ?? "unknown"} is not this repository)`
      );
      continue;
    }
    if (run.event !== void 0 && run.event !== event) continue;
    runs.push(run);
  }
  return runs;
}
async function findRunArtifact(client, owner, repo, runId, name, signal) {
  const { data } = await client.request(
    "GET",
    `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/runs/${runId}/artifacts`,
    {
      query: { name, per_page: 10 },
      signal
    }
  );
  return (data.artifacts ?? []).find((a) => a.name === name && a.expired !== true);
}
async function downloadArtifact(client, owner, repo, artifactId, destDir, maxZipBytes = 512 * 1024 ** 2, signal, unzipLimits = {}) {
  await rm(destDir, { recursive: true, force: true });
  await mkdir2(dirname2(destDir), { recursive: true });
  const temp = await mkdtemp(`${destDir}.zip-`);
  try {
    const zipFile = join(temp, "artifact.zip");
    await client.download(
      `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/artifacts/${artifactId}/zip`,
      zipFile,
      maxZipBytes,
      signal
    );
    try {
      return await extractZipFile(zipFile, destDir, {
        ...unzipLimits,
        displayName: `Artifact ${artifactId} (zip)`
      });
    } catch (error) {
      await rm(destDir, { recursive: true, force: true });
      throw error;
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
async function locateRunDir(dir) {
  const has = async (d) => (await stat(join(d, "run.json")).catch(() => void 0))?.isFile() === true;
  if (await has(dir)) return dir;
  const children = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory());
  if (children.length === 1 && await has(join(dir, children[0].name)))
    return join(dir, children[0].name);
  return void 0;
}
function keyMismatch(runJson, query) {
  let record;
  try {
    record = JSON.parse(runJson);
  } catch {
    return "run.json is not valid JSON";
  }
  if (record.corpusFingerprint !== query.corpusFingerprint)
    return `corpus fingerprint ${String(record.corpusFingerprint)} \u2260 ${query.corpusFingerprint}`;
  const mode = [
    record.quality ? "quality" : "",
    Array.isArray(record.rounds) && record.rounds.length > 0 ? "pressure" : ""
  ].filter(Boolean).join("+") || "empty";
  if (mode !== query.mode) return `mode ${mode} \u2260 ${query.mode}`;
  const shape = shapeHash(record.pressureShape);
  if (shape !== query.shapeHash) return `load shape ${shape} \u2260 ${query.shapeHash}`;
  const setup = setupHash(record);
  if (setup !== query.setupHash)
    return `measuring setup (WAF host ${String(record.wafHost ?? "?")}, domains) ${setup} \u2260 ${query.setupHash}`;
  const version = record.build?.version;
  if (query.version !== void 0 && version !== query.version)
    return `baseline version ${String(version)} \u2260 ${query.version}`;
  return void 0;
}
var GitHubArtifactBaselineStore = class {
  constructor(options2) {
    this.options = options2;
  }
  options;
  /** The last baseline `find` returned, with its run (for the report's parameters section). */
  lastFound = null;
  /** The run directory of the newest matching baseline, downloaded and unpacked; null when none. */
  async find(query, opts = {}) {
    this.lastFound = await this.findArtifact(query, opts.signal);
    return this.lastFound?.runDir ?? null;
  }
  /** Like {@link find}, with the artifact and workflow run it came from. */
  async findArtifact(query, signal) {
    const o = this.options;
    const logger = o.logger ?? silentLogger;
    const name = baselineArtifactName(query, o.artifactPrefix);
    const runs = await listBaselineRuns(o, signal);
    logger.info(
      `baseline: looking for artifact "${name}" in ${runs.length} successful run(s) of ${o.workflow} on ${o.branch}`
    );
    for (const run of runs) {
      const artifact = await findRunArtifact(o.client, o.owner, o.repo, run.id, name, signal);
      if (!artifact) continue;
      const dest = join(o.downloadDir, `${name}-run${run.id}`);
      await downloadArtifact(
        o.client,
        o.owner,
        o.repo,
        artifact.id,
        dest,
        o.maxZipBytes,
        signal,
        o.unzipLimits
      );
      const runDir = await locateRunDir(dest);
      if (!runDir) {
        logger.warn(
          `baseline: artifact "${name}" of run ${run.id} holds no run.json; trying older runs`
        );
        continue;
      }
      const mismatch = keyMismatch(await readFile(join(runDir, "run.json"), "utf8"), query);
      if (mismatch !== void 0) {
        logger.info(`baseline: artifact "${name}" of run ${run.id} skipped: ${mismatch}`);
        continue;
      }
      logger.info(
        `baseline: using artifact ${artifact.id} of run ${run.id} (${run.head_sha ?? "unknown commit"})`
      );
      return {
        runDir,
        artifactName: name,
        artifactId: artifact.id,
        workflowRunId: run.id,
        workflowRunUrl: run.html_url,
        headSha: run.head_sha,
        createdAt: artifact.created_at ?? run.created_at
      };
    }
    return null;
  }
  /**
   * Does not upload (see the file comment): resolves to the artifact name under which the composite
   * action's `actions/upload-artifact` step must upload `runDir` (outputs `baseline-artifact-name`, and
   * `baseline-artifact-path` = runDir).
   */
  save(key, _runDir) {
    return Promise.resolve(baselineArtifactName(key, this.options.artifactPrefix));
  }
};

// src/github/sticky-comment.ts
function stickyMarker(key) {
  if (key === void 0 || key === "") return "<!-- waf-gate:report -->";
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(key)) {
    throw new ConfigError(
      'The comment key may only hold letters, digits, ".", "_" and "-" (at most 100).',
      {
        input: "comment-key",
        value: key
      }
    );
  }
  return `<!-- waf-gate:report:${key} -->`;
}
function stickyCommentBody(markdown, key) {
  const head = `${stickyMarker(key)}
`;
  const note = truncationNote("65,536-character comment");
  return head + truncateMarkdown(markdown, COMMENT_BODY_MAX_CHARS - head.length, "chars", note).text;
}
async function findStickyComment(client, options2) {
  const marker = stickyMarker(options2.key);
  const path = `/repos/${encodeURIComponent(options2.owner)}/${encodeURIComponent(options2.repo)}/issues/${options2.issueNumber}/comments`;
  const comments = client.paginate(
    path,
    { per_page: 100 },
    (data) => Array.isArray(data) ? data : [],
    options2.maxPages ?? 30
  );
  for await (const comment of comments) {
    if (typeof comment.body === "string" && comment.body.startsWith(marker)) return comment;
  }
  return void 0;
}
async function upsertStickyComment(client, options2) {
  const body = stickyCommentBody(options2.body, options2.key);
  const repoPath = `/repos/${encodeURIComponent(options2.owner)}/${encodeURIComponent(options2.repo)}`;
  const existing = await findStickyComment(client, options2);
  if (existing) {
    const { data: data2 } = await client.request(
      "PATCH",
      `${repoPath}/issues/comments/${existing.id}`,
      { body: { body }, signal: options2.signal }
    );
    return { commentId: data2.id, action: "updated", htmlUrl: data2.html_url };
  }
  const { data } = await client.request(
    "POST",
    `${repoPath}/issues/${options2.issueNumber}/comments`,
    { body: { body }, signal: options2.signal }
  );
  return { commentId: data.id, action: "created", htmlUrl: data.html_url };
}

// src/github/publish.ts
var FORK_NOTE = "the token is read-only (pull requests from forks get a read-only GITHUB_TOKEN). The verdict above still decides the job. To post on fork PRs, run the report from a `workflow_run` workflow, or grant `checks: write` and `pull-requests: write` where the repository allows it.";
async function publishReport(input2) {
  const options2 = input2.options ?? {};
  const logger = options2.logger ?? silentLogger;
  const { context } = input2;
  const result = { skipped: [], summaryWritten: false, summaryTruncated: false };
  let failure;
  const client = input2.token ? createGitHubClient({
    baseUrl: context.apiUrl,
    ...options2.client,
    token: input2.token,
    logger,
    signal: options2.signal
  }) : void 0;
  const attempt = async (what, body) => {
    if (!client) {
      result.skipped.push(`${what}: no token was given, so only the job summary was written.`);
      return;
    }
    if (failure !== void 0) {
      result.skipped.push(`${what}: not attempted after an earlier GitHub error.`);
      return;
    }
    try {
      await body(client);
    } catch (error) {
      if (!isPermissionError(error)) {
        failure = error instanceof Error ? error : new Error(`${what} failed`, { cause: error });
        result.skipped.push(`${what}: failed (${failure.message}).`);
        return;
      }
      logger.warn(
        `waf-gate could not post the ${what}: ${error instanceof Error ? error.message : String(error)}`
      );
      result.skipped.push(`${what}: not posted because ${FORK_NOTE}`);
    }
  };
  if (options2.checkRun !== false) {
    await attempt("check run", async (c) => {
      const target = { owner: context.owner, repo: context.repo };
      const id = options2.checkRunId ?? (await createCheckRun(c, {
        ...target,
        name: options2.checkName ?? "waf-gate",
        headSha: context.headSha,
        detailsUrl: context.runUrl,
        ...options2.signal ? { signal: options2.signal } : {}
      })).id;
      const done = await completeCheckRun(c, {
        ...target,
        checkRunId: id,
        conclusion: conclusionFor(input2.verdict),
        output: { title: input2.title, summary: input2.markdown },
        detailsUrl: context.runUrl,
        ...options2.signal ? { signal: options2.signal } : {}
      });
      result.checkRunId = done.id;
      if (done.htmlUrl) result.checkRunUrl = done.htmlUrl;
    });
  } else result.skipped.push("check run: disabled by the options.");
  const mode = options2.comment ?? "always";
  if (mode === "never") result.skipped.push("PR comment: disabled by the options.");
  else if (!context.pullRequest)
    result.skipped.push("PR comment: this run is not for a pull request.");
  else {
    const pr = context.pullRequest;
    await attempt("PR comment", async (c) => {
      if (mode === "on-change" && input2.verdict === "pass") {
        const existing = await findStickyComment(c, {
          owner: context.owner,
          repo: context.repo,
          issueNumber: pr.number,
          key: options2.commentKey
        });
        if (!existing) {
          result.skipped.push(
            "PR comment: the gate passed and no earlier comment exists (comment: on-change)."
          );
          return;
        }
      }
      const posted = await upsertStickyComment(c, {
        owner: context.owner,
        repo: context.repo,
        issueNumber: pr.number,
        body: input2.markdown,
        key: options2.commentKey,
        ...options2.signal ? { signal: options2.signal } : {}
      });
      result.commentId = posted.commentId;
      if (posted.htmlUrl) result.commentUrl = posted.htmlUrl;
    });
  }
  const notes = result.skipped.filter(
    (s) => !s.endsWith("disabled by the options.") && !s.startsWith("PR comment: this run is not")
  );
  const noteBlock = notes.length === 0 ? "" : `> [!NOTE]
${notes.map((n) => `> waf-gate ${n}`).join("\n>\n")}

`;
  const written = await appendJobSummary(noteBlock + (input2.summary ?? input2.markdown), {
    path: options2.summaryPath,
    ...options2.summaryBudgetBytes !== void 0 ? { budgetBytes: options2.summaryBudgetBytes } : {}
  });
  result.summaryWritten = written.written;
  result.summaryTruncated = written.truncated;
  if (failure !== void 0) throw failure;
  return result;
}

// src/actions/compare-baseline.ts
var bool = (name, fallback) => input(name) === "" ? fallback : parseBoolean(name, input(name));
await runAction(async () => {
  const logger = actionsLogger;
  requiredInput(compareActionInput("candidate"));
  const raw = Object.fromEntries(
    COMPARE_INPUTS.map((name) => [name, input(compareActionInput(name))])
  );
  const trusted = await readTrustedPaths(process.env, {
    trustedRef: input("trusted-ref"),
    token: input("github-token"),
    paths: { "policy-file": raw.policy ?? "", "ftw-overrides": raw["ftw-overrides"] ?? "" },
    logger: actionsLogger
  });
  raw.policy = trusted.paths["policy-file"] ?? "";
  raw["ftw-overrides"] = trusted.paths["ftw-overrides"] ?? "";
  const options2 = parseCompareOptions(
    raw,
    (name) => Object.hasOwn(COMPARE_SCHEMA, name) ? compareActionInput(name) : name
  );
  const token = input("github-token");
  maskSecret(token);
  const fromArtifacts = bool("baseline-from-artifacts", false);
  const post = bool("post", true);
  const failOnFail = bool("fail-on-regression", true);
  const comment = parseEnum("comment", input("comment") || "on-change", [
    "always",
    "on-change",
    "never"
  ]);
  const context = post || fromArtifacts ? await readActionsContext(process.env) : null;
  let foundBaselineDir = null;
  let baselineRunUrl;
  let baselineSource;
  if (context && fromArtifacts && options2.baselineDir === null) {
    const workflow = input("baseline-workflow") || context.workflowFile;
    const branch = context.defaultBranch;
    if (!token || !workflow || !branch) {
      logger.warn(
        "baseline-from-artifacts needs github-token, the workflow file and the default branch; no baseline looked up."
      );
    } else {
      const client = createGitHubClient({ baseUrl: context.apiUrl, token, logger });
      const downloadDir = join2(process.env.RUNNER_TEMP || tmpdir(), "waf-gate-baseline");
      await mkdir3(downloadDir, { recursive: true });
      const candidate = await loadRunDir(options2.candidateDir, logger);
      const key = baselineKeyOf(candidate.record);
      const store = new GitHubArtifactBaselineStore({
        client,
        owner: context.owner,
        repo: context.repo,
        workflow,
        branch,
        downloadDir,
        ...input("baseline-artifact-prefix") ? { artifactPrefix: input("baseline-artifact-prefix") } : {},
        logger
      });
      const found = await store.findArtifact({
        corpusFingerprint: key.corpusFingerprint,
        mode: key.mode,
        shapeHash: key.shapeHash,
        setupHash: key.setupHash,
        ...options2.baselineVersion !== null ? { version: options2.baselineVersion } : {}
      });
      foundBaselineDir = found?.runDir ?? null;
      baselineRunUrl = found?.workflowRunUrl;
      if (found)
        baselineSource = `artifact ${found.artifactName} of ${found.workflowRunUrl ?? `workflow ${workflow}`} (exact key: corpus, mode, load shape, WAF host and domains)`;
    }
  }
  const { comparison, written, savedBaselineDir } = await runCompare(
    options2,
    logger,
    foundBaselineDir,
    baselineSource
  );
  const summaryLine = renderCheckSummary(comparison);
  logger.info(summaryLine);
  const candidateKey = comparison.candidate.key;
  setOutputs({
    verdict: comparison.verdict,
    "out-dir": dirname3(written.resultsFile),
    "report-path": written.reportFile,
    "results-path": written.resultsFile,
    "changes-path": written.changesFile,
    "new-blocks": comparison.counts.newBlocks,
    "new-passes": comparison.counts.newPasses,
    "new-errors": comparison.counts.newErrors,
    "flagged-domains": comparison.counts.flaggedDomains,
    regressions: comparison.counts.regressions,
    crashes: comparison.counts.crashes,
    findings: comparison.counts.findings,
    "baseline-found": comparison.baseline !== null,
    "baseline-run-url": baselineRunUrl,
    "baseline-artifact-name": baselineArtifactName(
      candidateKey,
      input("baseline-artifact-prefix") || void 0
    ),
    "baseline-artifact-path": options2.candidateDir,
    "saved-baseline-dir": savedBaselineDir ?? void 0,
    summary: summaryLine
  });
  const artifactUrl = options2.artifactUrl;
  const render = (maxChars) => renderReport(comparison, {
    maxChars,
    topN: options2.topN,
    ...artifactUrl ? { artifactUrl } : {}
  });
  if (!post) {
    await appendJobSummary(
      render(JOB_SUMMARY_MAX_BYTES - 16 * 1024) + htmlReportNote(artifactUrl),
      {
        path: process.env.GITHUB_STEP_SUMMARY
      }
    );
  } else if (context) {
    const published = await publishReport({
      markdown: render(CHECK_RUN_TEXT_MAX_CHARS - 1e3) + htmlReportNote(artifactUrl),
      summary: render(JOB_SUMMARY_MAX_BYTES - 16 * 1024) + htmlReportNote(artifactUrl),
      verdict: comparison.verdict,
      title: summaryLine.slice(0, 200),
      token: token || void 0,
      context,
      options: {
        checkName: input("check-name") || "waf-gate",
        // The in_progress run the root action's first step created (empty: create one now).
        checkRunId: Number(input("check-run-id")) || void 0,
        comment,
        summaryPath: process.env.GITHUB_STEP_SUMMARY,
        logger
      }
    });
    setOutputs({ "check-run-id": published.checkRunId, "comment-id": published.commentId });
  }
  const code = exitCodeFor(comparison.verdict, options2.strict);
  if (code !== 0 && (comparison.verdict !== "fail" || failOnFail)) {
    setFailed(`waf-gate: ${summaryLine}`);
  }
});
