-- wrk script: POST a visit with a ~1 MB photo (multipart: a `visit` JSON
-- part and a `photo` part) to /api/v1/points/{code}/visits. The photo's
-- path, the token and the round come from the environment (bench/monitor.sh).
local f = assert(io.open(os.getenv("BENCH_PHOTO"), "rb"))
local photo = f:read("*a")
f:close()
local b = "----sodsongbench"
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. b
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.body = "--" .. b .. "\r\nContent-Disposition: form-data; name=\"visit\"\r\n\r\n" ..
  '{"status":"ok","note":"ตรวจแล้วเรียบร้อย","lat":16.43,"lon":102.83}' ..
  "\r\n--" .. b .. "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n" ..
  "Content-Type: image/jpeg\r\n\r\n" .. photo .. "\r\n--" .. b .. "--\r\n"
