// The name rules of privacy/classify.h: which class (and role) each field, parameter and
// information item has, by the names of its topic and itself. One rule a line:
//
//   field CLASS[/ROLE] TOPIC[,TOPIC...] : FIELD...
//   param CLASS[/ROLE] : NAME...
//   info  CLASS[/ROLE] : KEY...
//
// Names are globs matched without regard to case: '*' any run of characters, '?' one character,
// '#' one or more digits. An indented line continues the rule above it. The first rule that
// matches decides; what no rule matches is unclassified and leaves only to a recipient with
// "full" in every class (docs/privacy.md, "Data classes"). Roles: location/alt (metres above
// sea level or a reference), location/local (metres in a local frame), location/velocity (a
// derivative of position), location/opaque (bears location in a way no rule can coarsen),
// telemetry/utc_us (microseconds, UTC when its values are), telemetry/gps_week and
// telemetry/gps_week_ms, telemetry/date (a part of a calendar date), telemetry/utc_s_2016
// (seconds since 2016-01-01), telemetry/utc_ms (milliseconds since 1970), text/event (PX4 event
// records). Latitude and longitude pairs are found by their names in code (position_fields), before
// any rule here.
namespace skykeep::privacy {

extern const char kNameRules[];
const char kNameRules[] = R"rules(
# ---- identity: serial numbers, unique ids, calibrations that fingerprint a unit ---------------
field identity * : *serial* *uuid* uid uid2[*] board_id vehicle_id pilot* *_pilot* device_id device_id[*]
    *_device_id dev_id callsign icao_address ICAO_address
field identity SENSOR_OFFSETS : accel_cal_* gyro_cal_* mag_ofs_*
field identity MAG,MAG2,MAG3 : OfsX OfsY OfsZ MOfsX MOfsY MOfsZ MOX MOY MOZ
field identity transponder_report,ADSB_VEHICLE : flight_id uas_id[*]
field identity battery_status : manufacture_date
# ---- location: altitudes, local frames, velocities, opaque location-bearing values ------------
field location/alt * : alt altitude altitude_msl_m altitude_ellipsoid_m alt_ellipsoid ref_alt
    relative_alt terrain_alt alt_msl delta_alt
field location/alt * : *.alt
field location/alt POS : RelHomeAlt RelOriginAlt
field location/alt vehicle_air_data,sensor_combined : baro_alt_meter
field location/alt vehicle_global_position : pressure_alt
field location/alt optical_flow : ground_distance_m
field location/alt vehicle_vision_position : dist_bottom
field location/alt MISSION_ITEM,MISSION_ITEM_INT : z
field location/alt vehicle_local_position,estimator_local_position,vehicle_local_position_groundtruth :
    dist_bottom
field location/alt distance_sensor,DISTANCE_SENSOR : current_distance
field location/alt RFND : Dist
field location/alt SURF : D FD
field location/alt CTUN : Alt BAlt DAlt TAlt DSAlt SAlt
field location/alt BARO : Alt AltAMSL
field location/alt XKF1,XKF6,NKF1,NKF6 : OH
field location/alt XKF5,NKF5,XKF10 : HAGL offset rng
field location/alt TERR,TERRAIN_REPORT : TerrH CHeight terrain_height current_height
field location/alt tecs_status : altitude_sp altitude_filtered altitude_reference altitude_sp_ref
field location/alt ALTITUDE : altitude_*
field location/alt RANGEFINDER : distance
field location/local vehicle_local_position,estimator_local_position,vehicle_local_position_groundtruth,vehicle_local_position_setpoint :
    x y z delta_xy[*] delta_z
field location/local home_position,HOME_POSITION : x y z approach_x approach_y approach_z
field location/local position_setpoint_triplet : *.x *.y *.z
field location/local vehicle_vision_position,vision_position_estimate,att_pos_mocap,VISION_POSITION_ESTIMATE,LOCAL_POSITION_NED,POSITION_TARGET_LOCAL_NED,SET_POSITION_TARGET_LOCAL_NED,LOCAL_POSITION_NED_COV :
    x y z
field location/local *odometry*,estimator_visual_odometry_aligned,trajectory_setpoint :
    position[*]
field location/local XKF1,XKF6,NKF1,NKF6 : PN PE PD
field location/local control_state : x_pos y_pos z_pos
field location/local estimator_visual_odometry_aligned,trajectory_setpoint : x y z
field location/local vehicle_vision_position : delta_xy[*] delta_z
field location/local SRTL : N E D
field location/local NTUN : PosX PosY PosZ DPosX DPosY DPosZ
field location/local VISP,VISO,BCN : PX PY PZ PosX PosY PosZ
field location/velocity vehicle_local_position,estimator_local_position,vehicle_local_position_groundtruth,vehicle_local_position_setpoint :
    vx vy vz ax ay az delta_vxy[*] delta_vz z_deriv dist_bottom_rate acceleration[*]
field location/velocity vehicle_global_position,vehicle_global_position_groundtruth,estimator_global_position :
    vel_n vel_e vel_d
field location/velocity vehicle_gps_position,sensor_gps : vel_m_s vel_n_m_s vel_e_m_s vel_d_m_s
    cog_rad
field location/velocity position_setpoint_triplet : *.vx *.vy *.vz *.a_x *.a_y *.a_z
field location/velocity *odometry*,estimator_visual_odometry_aligned,trajectory_setpoint :
    velocity[*] acceleration[*] jerk[*]
field location/velocity vehicle_global_velocity_setpoint,vehicle_vision_position,LOCAL_POSITION_NED,GLOBAL_POSITION_INT,POSITION_TARGET_LOCAL_NED,SET_POSITION_TARGET_LOCAL_NED,POSITION_TARGET_GLOBAL_INT,SET_POSITION_TARGET_GLOBAL_INT,LOCAL_POSITION_NED_COV :
    vx vy vz afx afy afz ax ay az
field location/velocity GPS_RAW_INT,GPS2_RAW,HIL_GPS : vel cog vn ve vd
field location/velocity GPS_INPUT : vn ve vd
field location/velocity VFR_HUD : groundspeed heading climb
field location/velocity GPS,GPS2 : Spd GCrs VZ
field location/velocity XKF1,XKF6,NKF1,NKF6 : VN VE VD dPD
field location/velocity EAHR : VN VE VD
field location/velocity NTUN : VelX VelY VelZ DVelX DVelY DVelZ DAccX DAccY DAccZ
field location/velocity VISV : VX VY VZ
field location/velocity CTUN : CRt DCRt
field location/velocity control_state : x_vel y_vel z_vel
field location/velocity estimator_optical_flow_vel : vel_ne[*] vel_ne_filtered[*] vel_body[*]
    vel_body_filtered[*]
field location/velocity trajectory_setpoint,vehicle_local_position_setpoint : vx vy vz acc_x acc_y
    acc_z jerk_x jerk_y jerk_z
field location/velocity vehicle_global_position : pos_d_deriv
field location/velocity vehicle_vision_position : vx vy vz delta_vxy[*] delta_vz dist_bottom_rate
field location/velocity BARO : CRt
field location/velocity tecs_status : height_rate height_rate_setpoint height_rate_reference
    height_rate_direct
field location/opaque estimator_states,estimator_status : states[*]
field location/opaque estimator_aid_src_* : observation observation[*] innovation innovation[*]
    innovation_filtered innovation_filtered[*]
field telemetry estimator_aid_src_* : observation_variance observation_variance[*]
field location/opaque estimator_innovations,estimator_innovation_variances,estimator_innovation_test_ratios :
    gps_hpos[*] gps_vpos gps_hvel[*] gps_vvel ev_hpos[*] ev_vpos ev_hvel[*] ev_vvel rng_vpos
    baro_vpos aux_hvel[*] aux_vvel fake_hpos[*] fake_vpos
field location/opaque ekf2_innovations : vel_pos_innov[*] vel_pos_innov_var[*]
field location/opaque XKF3,XKF8,NKF3,NKF8 : IPN IPE IPD IVN IVE IVD
field location/opaque XKF2,XKF7,NKF2,NKF7 : MN ME MD
field location/opaque XKF4,XKF9,NKF4,NKF9 : OFN OFE
field location/opaque satellite_info : azimuth[*] elevation[*]
field location/opaque gps_dump : data[*]
field location/opaque vehicle_command,COMMAND_LONG : param5 param6 param7
field location/opaque COMMAND_INT : x y z
field location/opaque MAVC : X Y Z
field location/opaque SENSOR_OFFSETS : mag_declination
field location/opaque estimator_status : mag_inclination_deg mag_inclination_ref_deg
    mag_strength_gs mag_strength_ref_gs
field location/opaque vehicle_global_position : delta_lat_lon[*]
field location/opaque transponder_report,ADSB_VEHICLE : heading hor_velocity ver_velocity squawk
# ---- time: absolute times (shifted with the recipient's time shift, or removed) ---------------
field telemetry/utc_us * : time_utc_usec time_unix_usec time_usec time_utc timestamp_utc
    remote_timestamp
field telemetry/gps_week GPS,GPS2,GPS_INPUT : GWk time_week
field telemetry/gps_week_ms GPS,GPS2,GPS_INPUT : GMS time_week_ms
field telemetry/date * : year month day hour minute second
# ---- text: the autopilot's messages ---------------------------------------------------------
field text STATUSTEXT : text
field text MSG : Message
field text *log_message*,*mavlink_log* : text
field text/event event : *
field text logging : message
# ---- media -----------------------------------------------------------------------------------
field media camera*,CAM,TRIG,CAMERA_FEEDBACK,CAMERA_IMAGE_CAPTURED : *
# ---- telemetry: every other field a reviewer has read and found to be telemetry --------------
# Fields in no rule are unclassified. Values are judged too (privacy/detect.h), whatever a rule says.
field telemetry AETR : Ail Elev Flap Rudd Thr
field telemetry AHR2 : Pitch Q1 Q2 Q3 Q4 Roll Yaw
field telemetry AHRS : accel_weight error_rp error_yaw omegaIx omegaIy omegaIz renorm_val
field telemetry AHRS2 : pitch roll yaw
field telemetry AHRS3 : pitch roll v1 v2 v3 v4 yaw
field telemetry AIRSPEED_AUTOCAL : EAS2TAS Pax Pby Pcz diff_pressure ratio state_x state_y state_z
    vx vy vz
field telemetry ANG : DesPitch DesRoll DesYaw Dt Pitch Roll Yaw
field telemetry AOA : AOA SSA
field telemetry ARM : ArmChecks ArmState Forced Method
field telemetry ATT : AEKF DesPitch DesRoll DesYaw ErrRP ErrYaw Pitch Roll Yaw
field telemetry ATTITUDE : pitch pitchspeed roll rollspeed time_boot_ms yaw yawspeed
field telemetry AUTOPILOT_VERSION : board_version capabilities flight_custom_version[*]
    flight_sw_version middleware_custom_version[*] middleware_sw_version os_custom_version[*]
    os_sw_version product_id vendor_id
field telemetry BARO : GndTemp Health I Offset Press SMS Temp
field telemetry BAT : Curr CurrTot EnrgTot H Inst Instance RemPct Res SH Temp Volt VoltR
field telemetry BATTERY_STATUS : battery_function battery_remaining charge_state current_battery
    current_consumed energy_consumed fault_bitmask id mode temperature time_remaining type
    voltages[*] voltages_ext[*]
field telemetry CMD : CId CNum CTot Prm1 Prm2 Prm3 Prm4
field telemetry COMMAND_ACK : command progress result result_param2 target_component target_system
field telemetry COMMAND_LONG : command confirmation param1 param2 param3 param4 target_component
    target_system
field telemetry CTRL : RMSPitchD RMSPitchP RMSRollD RMSRollP RMSYaw
field telemetry CTUN : ABst NavPitch NavRoll Pitch RdrOut Roll ThH ThI ThO ThrDem ThrOut
field telemetry DCM : ErrRP ErrYaw Pitch Roll VWD VWE VWN Yaw
field telemetry DSF : Blk Bytes Dp FAv FMn FMx
field telemetry EAHR : Flg Pitch Roll Yaw
field telemetry EKF_STATUS_REPORT : airspeed_variance compass_variance flags pos_horiz_variance
    pos_vert_variance terrain_alt_variance velocity_variance
field telemetry EV : Id
field telemetry EXTENDED_SYS_STATE : landed_state vtol_state
field telemetry FCN : CF1 CF2 CF3 CF4 CF5 CF6 HF1 HF2 HF3 HF4 HF5 HF6 I NF
field telemetry FNCE : Count Radius Seq Tot Type
field telemetry FTN : DnF1 DnF2 DnF3 DnF4 I NDn NF1 NF10 NF11 NF12 NF2 NF3 NF4 NF5 NF6 NF7 NF8 NF9
field telemetry GLOBAL_POSITION_INT : hdg time_boot_ms
field telemetry GPA : AEl Delta HAcc I RTCMFD RTCMFU SAcc SMS VAcc VDop VV YAcc
field telemetry GPS : HDop I NSats Status U Yaw
field telemetry GNSS_INTEGRITY : id system_errors authentication_state jamming_state spoofing_state
    raim_state raim_hfom raim_vfom corrections_quality system_status_summary gnss_signal_quality
    post_processing_quality
field telemetry GPS_INPUT : fix_type gps_id hdop horiz_accuracy ignore_flags satellites_visible
    speed_accuracy vdop vert_accuracy yaw
field telemetry GPS_RAW_INT : eph epv fix_type h_acc hdg_acc satellites_visible v_acc vel_acc yaw
field telemetry HEARTBEAT : base_mode custom_mode mavlink_version system_status type
field telemetry HOME_POSITION : q[*]
field telemetry HWSTATUS : I2Cerr Vcc
field telemetry IMU : AH AHz AccX AccY AccZ EA EG GH GHz GyrX GyrY GyrZ I T
field telemetry IMU2 : AH AHz AccX AccY AccZ EA EG GH GHz GyrX GyrY GyrZ T
field telemetry IOMC : Mem NDel NPkt Nerr Nerr2 RSErr TS
field telemetry ISBD : N seqno x[*] y[*] z[*]
field telemetry ISBH : N SampleUS instance mul smp_cnt smp_rate type
field telemetry LOCAL_POSITION_NED : time_boot_ms
field telemetry MAG : Health I MagX MagY MagZ S
field telemetry MAG2 : Health MagX MagY MagZ S
field telemetry MAG3 : Health MagX MagY MagZ S
field telemetry MANUAL_CONTROL : aux1 aux2 aux3 aux4 aux5 aux6 buttons buttons2 enabled_extensions
    r s t target x y z
field telemetry MAV : chan flags rxdp rxp ss tf txp
field telemetry MAVC : AC Cmd Cur Fr P1 P2 P3 P4 Res TC TS WL
field telemetry MEMINFO : brkval freemem freemem32
field telemetry MISSION_ACK : mission_type opaque_id target_component target_system type
field telemetry MISSION_COUNT : count mission_type opaque_id target_component target_system
field telemetry MISSION_CURRENT : fence_id mission_id mission_mode mission_state rally_points_id
    seq total
field telemetry MISSION_ITEM : autocontinue command current frame mission_type param1 param2
    param3 param4 seq target_component target_system
field telemetry MISSION_ITEM_INT : autocontinue command current frame mission_type param1 param2
    param3 param4 seq target_component target_system
field telemetry MISSION_ITEM_REACHED : seq
field telemetry MISSION_REQUEST : mission_type seq target_component target_system
field telemetry MISSION_REQUEST_LIST : mission_type target_component target_system
field telemetry MODE : Mode ModeNum Rsn
field telemetry MOTB : BatRes BatVolt FailFlags LiftMax ThLimit ThrAvMx ThrOut
field telemetry MOUNT_STATUS : mount_mode pointing_a pointing_b pointing_c target_component
    target_system
field telemetry NAV_CONTROLLER_OUTPUT : alt_error aspd_error nav_bearing nav_pitch nav_roll
    target_bearing wp_dist xtrack_error
field telemetry NKF1 : GX GY GZ Pitch Roll Yaw
field telemetry NKF2 : AZbias GSX GSY GSZ MI MX MY MZ VWE VWN
field telemetry NKF3 : IMX IMY IMZ IVT IYAW
field telemetry NKF4 : FS GPS PI SH SM SP SS SV SVT TS errRP
field telemetry NKF5 : AFI FIX FIY Herr NI RI eAng ePos eVel
field telemetry NKF6 : GX GY GZ Pitch Roll Yaw
field telemetry NKF7 : AZbias GSX GSY GSZ MI MX MY MZ VWE VWN
field telemetry NKF8 : IMX IMY IMZ IVT IYAW
field telemetry NKF9 : FS GPS PI SH SM SP SS SV SVT TS errRP
field telemetry NKQ1 : Q1 Q2 Q3 Q4
field telemetry NKQ2 : Q1 Q2 Q3 Q4
field telemetry NTUN : AltErr ArspdErr NavBrg TargBrg WpDist XT XTi
field telemetry ORGN : Type
field telemetry PARAM_EXT_REQUEST_LIST : target_component target_system
field telemetry PARAM_REQUEST_LIST : target_component target_system
field telemetry PIDA : Act D DFF Dmod Err FF Flags I P SRate Tar
field telemetry PIDP : AFF Act D DFF Des Dmod Err FF Flags I P SRate Tar
field telemetry PIDR : AFF Act D DFF Des Dmod Err FF Flags I P SRate Tar
field telemetry PIDS : AFF D Des FF I P
field telemetry PIDY : AFF Act D DFF Des Dmod Err FF Flags I P SRate Tar
field telemetry PM : ErrC ErrL Ex I2CC I2CI IntE Load LogDrop MaxT Mem MinT NLon NLoop SPIC
field telemetry POSITION_TARGET_GLOBAL_INT : coordinate_frame time_boot_ms type_mask yaw yaw_rate
field telemetry POWER_STATUS : Vcc Vservo flags
field telemetry POWR : AccFlags Flags Safety VServo Vcc
field telemetry RAD : Fixed Noise RSSI RemNoise RemRSSI RxErrors TxBuf
field telemetry RADIO : fixed noise remnoise remrssi rssi rxerrors txbuf
field telemetry RATE : A ADes AOut AOutSlew P PDes POut R RDes ROut Y YDes YOut
field telemetry RAW_IMU : id temperature xacc xgyro xmag yacc ygyro ymag zacc zgyro zmag
field telemetry RCI2 : C15 C16 Flags OMask
field telemetry RCIN : C1 C10 C11 C12 C13 C14 C2 C3 C4 C5 C6 C7 C8 C9
field telemetry RCO2 : C15 C16 C17 C18
field telemetry RCOU : C1 C10 C11 C12 C13 C14 C2 C3 C4 C5 C6 C7 C8 C9
field telemetry RC_CHANNELS : chan10_raw chan11_raw chan12_raw chan13_raw chan14_raw chan15_raw
    chan16_raw chan17_raw chan18_raw chan1_raw chan2_raw chan3_raw chan4_raw chan5_raw chan6_raw
    chan7_raw chan8_raw chan9_raw chancount rssi time_boot_ms
field telemetry RC_CHANNELS_RAW : chan1_raw chan2_raw chan3_raw chan4_raw chan5_raw chan6_raw
    chan7_raw chan8_raw port rssi time_boot_ms
field telemetry REQUEST_DATA_STREAM : req_message_rate req_stream_id start_stop target_component
    target_system
field telemetry RSSI : RXRSSI
field telemetry SCALED_IMU2 : temperature time_boot_ms xacc xgyro xmag yacc ygyro ymag zacc zgyro
    zmag
field telemetry SCALED_PRESSURE : press_abs press_diff temperature temperature_press_diff
    time_boot_ms
field telemetry SCALED_PRESSURE2 : press_abs press_diff temperature temperature_press_diff
    time_boot_ms
field telemetry SENSOR_OFFSETS : raw_press raw_temp
field telemetry SERVO_OUTPUT_RAW : port servo10_raw servo11_raw servo12_raw servo13_raw
    servo14_raw servo15_raw servo16_raw servo1_raw servo2_raw servo3_raw servo4_raw servo5_raw
    servo6_raw servo7_raw servo8_raw servo9_raw
field telemetry SIMSTATE : pitch roll xacc xgyro yacc yaw ygyro zacc zgyro
field telemetry SRTL : Action Active MaxPts NumPts
field telemetry STAT : Armed Crash Hit Safety Stage Still isFlyProb isFlying
field telemetry STATUSTEXT : chunk_seq id severity
field telemetry STORAGE_INFORMATION : available_capacity name read_speed status storage_count
    storage_id storage_usage time_boot_ms total_capacity type used_capacity write_speed
field telemetry STRT : CTot SType
field telemetry SURF : I St TO
field telemetry SYSTEM_TIME : time_boot_ms
field telemetry SYS_STATUS : battery_remaining current_battery drop_rate_comm errors_comm
    errors_count1 errors_count2 errors_count3 errors_count4 load onboard_control_sensors_enabled
    onboard_control_sensors_enabled_extended onboard_control_sensors_health
    onboard_control_sensors_health_extended onboard_control_sensors_present
    onboard_control_sensors_present_extended voltage_battery
field telemetry TERR : Loaded Pending Spacing Status
field telemetry TERRAIN_REPORT : loaded pending spacing
field telemetry TIMESYNC : target_component target_system tc1 ts1
field telemetry TSYN : RTT SysID
field telemetry UBX1 : Instance aPower agcCnt config jamInd noisePerMS
field telemetry UBX2 : Instance magI magQ ofsI ofsQ
field telemetry VER : APJ BST BT BU FV FWS FWT GH Maj Min Pat
field telemetry VFR_HUD : airspeed throttle
field telemetry VIBE : Clip Clip0 Clip1 Clip2 IMU VibeX VibeY VibeZ
field telemetry VIBRATION : clipping_0 clipping_1 clipping_2 vibration_x vibration_y vibration_z
field telemetry VIDEO_STREAM_STATUS : bitrate flags framerate hfov resolution_h resolution_v
    rotation stream_id
field telemetry WIND : direction speed speed_z
field telemetry XKF1 : C GX GY GZ Pitch Roll Yaw
field telemetry XKF2 : AX AY AZ C IDX IDY IS MX MY MZ VWE VWN
field telemetry XKF3 : C ErSc IMX IMY IMZ IVT IYAW RErr
field telemetry XKF4 : C FS GPS PI SH SM SP SS SV SVT TS errRP
field telemetry XKF5 : AFI C FIX FIY Herr NI RI eAng ePos eVel
field telemetry XKFS : AI BI C GI GPS_CHK_WAIT GPS_GTA MAG_FUSION MI SS
field telemetry XKQ : C Q1 Q2 Q3 Q4
field telemetry XKT : AngMax AngMin C Cnt EKFMax EKFMin IMUMax IMUMin VMax VMin
field telemetry XKV1 : C V00 V01 V02 V03 V04 V05 V06 V07 V08 V09 V10 V11
field telemetry XKV2 : C V12 V13 V14 V15 V16 V17 V18 V19 V20 V21 V22 V23
field telemetry XKY0 : C W0 W1 W2 W3 W4 Y0 Y1 Y2 Y3 Y4 YC YCS
field telemetry XKY1 : C IVE0 IVE1 IVE2 IVE3 IVE4 IVN0 IVN1 IVN2 IVN3 IVN4
field telemetry action_request : action mode source
field telemetry actuator_armed : armed armed_time_ms force_failsafe in_esc_calibration_mode kill
    lockdown manual_lockdown prearmed ready_to_arm soft_stop termination
field telemetry actuator_controls : control[*] timestamp_sample
field telemetry actuator_controls_0 : control[*] timestamp_sample
field telemetry actuator_controls_1 : control[*] timestamp_sample
field telemetry actuator_controls_3 : control[*] timestamp_sample
field telemetry actuator_motors : control[*] reversible_flags timestamp_sample
field telemetry actuator_outputs : noutputs output[*]
field telemetry actuator_servos : control[*] timestamp_sample
field telemetry airspeed : air_temperature_celsius confidence differential_pressure_filtered_pa
    indicated_airspeed_m_s timestamp_sample true_airspeed_m_s true_airspeed_unfiltered_m_s
field telemetry airspeed_validated : airspeed_derivative_filtered
    airspeed_sensor_measurement_valid airspeed_source calibraded_airspeed_synth_m_s
    calibrated_airspeed_m_s calibrated_ground_minus_wind_m_s equivalent_airspeed_m_s
    equivalent_ground_minus_wind_m_s indicated_airspeed_m_s pitch_filtered selected_airspeed_index
    throttle_filtered true_airspeed_m_s true_ground_minus_wind_m_s
field telemetry airspeed_wind : beta_innov beta_innov_var source tas_innov tas_innov_var
    tas_scale_raw tas_scale_raw_var tas_scale_validated timestamp_sample variance_east
    variance_north windspeed_east windspeed_north
field telemetry att_pos_mocap : id q[*] timestamp_received
field telemetry autotune_attitude_control_status : att_p coeff[*] coeff_var[*] dt_model fitness
    innov kc kd kff ki rate_sp[*] state u_filt y_filt
field telemetry battery_status : available_energy average_current_a average_power
    average_time_to_empty average_time_to_full capacity cell_count connected current_a
    current_average_a current_filtered_a custom_faults cycle_count design_capacity discharged_mah
    estimation_covariance_norm faults full_charge_capacity_wh id interface_error
    internal_resistance_estimate is_powering_off is_required max_cell_voltage_delta max_error mode
    nominal_voltage ocv_estimate ocv_estimate_filtered over_discharge_count prediction_error
    priority remaining remaining_capacity remaining_capacity_wh run_time_to_empty scale source
    state_of_health system_source temperature time_remaining_s volt_based_soc_estimate
    voltage_cell_v[*] voltage_filtered_v voltage_prediction voltage_v warning
field telemetry can_interface_status : frames_rx frames_tx interface io_errors
field telemetry commander_state : main_state main_state_changes
field telemetry config_overrides : defer_failsafes defer_failsafes_timeout_s disable_auto_disarm
    disable_auto_set_home source_id source_type
field telemetry control_allocator_status : actuator_saturation[*] allocated_thrust[*]
    allocated_torque[*] handled_motor_failure_mask motor_stop_mask thrust_setpoint_achieved
    torque_setpoint_achieved unallocated_thrust[*] unallocated_torque[*]
field telemetry control_state : airspeed airspeed_valid delta_q_reset[*] horz_acc_mag pitch_rate
    pitch_rate_bias pos_variance[*] q[*] quat_reset_counter roll_rate roll_rate_bias
    vel_variance[*] x_acc y_acc yaw_rate yaw_rate_bias z_acc
field telemetry cpuload : load ram_usage
field telemetry differential_pressure : differential_pressure_filtered_pa differential_pressure_pa
    differential_pressure_raw_pa error_count max_differential_pressure_pa temperature
    timestamp_sample
field telemetry distance_sensor : covariance id max_distance min_distance orientation
    signal_quality type
field telemetry distance_sensor_mode_change_request : request_on_off
field telemetry ekf2_innovations : airspeed_innov airspeed_innov_var aux_vel_innov[*] beta_innov
    beta_innov_var drag_innov[*] drag_innov_var[*] flow_innov[*] flow_innov_var[*] hagl_innov
    hagl_innov_var heading_innov heading_innov_var mag_innov[*] mag_innov_var[*]
    output_tracking_error[*]
field telemetry ekf2_timestamps : airspeed_timestamp_rel distance_sensor_timestamp_rel
    gps_timestamp_rel optical_flow_timestamp_rel vehicle_air_data_timestamp_rel
    vehicle_magnetometer_timestamp_rel vision_attitude_timestamp_rel vision_position_timestamp_rel
    visual_odometry_timestamp_rel
field telemetry ekf_gps_drift : blocked hpos_drift_rate hspd vpos_drift_rate
field telemetry esc_status : counter esc[*].actuator_function esc[*].esc_address
    esc[*].esc_cmdcount esc[*].esc_current esc[*].esc_errorcount esc[*].esc_power esc[*].esc_rpm
    esc[*].esc_setpoint esc[*].esc_setpoint_raw esc[*].esc_state esc[*].esc_temperature
    esc[*].esc_vendor esc[*].esc_version esc[*].esc_voltage esc[*].failures esc[*].timestamp
    esc_armed_flags esc_connectiontype esc_count esc_online_flags
field telemetry estimator_aid_src_airspeed : estimator_instance fused innovation_rejected
    innovation_variance test_ratio test_ratio_filtered time_last_fuse timestamp_sample
field telemetry estimator_aid_src_aux_global_position : estimator_instance fused
    innovation_rejected innovation_variance[*] test_ratio[*] test_ratio_filtered[*] time_last_fuse
    timestamp_sample
field telemetry estimator_aid_src_baro_hgt : estimator_instance fused innovation_rejected
    innovation_variance test_ratio test_ratio_filtered time_last_fuse timestamp_sample
field telemetry estimator_aid_src_fake_hgt : estimator_instance fused innovation_rejected
    innovation_variance test_ratio test_ratio_filtered time_last_fuse timestamp_sample
field telemetry estimator_aid_src_fake_pos : estimator_instance fused innovation_rejected
    innovation_variance[*] test_ratio[*] test_ratio_filtered[*] time_last_fuse timestamp_sample
field telemetry estimator_aid_src_gnss_hgt : estimator_instance fused innovation_rejected
    innovation_variance test_ratio test_ratio_filtered time_last_fuse timestamp_sample
field telemetry estimator_aid_src_gnss_pos : estimator_instance fused innovation_rejected
    innovation_variance[*] test_ratio[*] test_ratio_filtered[*] time_last_fuse timestamp_sample
field telemetry estimator_aid_src_gnss_vel : estimator_instance fused innovation_rejected
    innovation_variance[*] test_ratio[*] test_ratio_filtered[*] time_last_fuse timestamp_sample
field telemetry estimator_aid_src_gravity : estimator_instance fused innovation_rejected
    innovation_variance[*] test_ratio[*] test_ratio_filtered[*] time_last_fuse timestamp_sample
field telemetry estimator_aid_src_mag : estimator_instance fused innovation_rejected
    innovation_variance[*] test_ratio[*] test_ratio_filtered[*] time_last_fuse timestamp_sample
field telemetry estimator_aid_src_optical_flow : estimator_instance fused innovation_rejected
    innovation_variance[*] test_ratio[*] test_ratio_filtered[*] time_last_fuse timestamp_sample
field telemetry estimator_aid_src_rng_hgt : estimator_instance fused innovation_rejected
    innovation_variance test_ratio test_ratio_filtered time_last_fuse timestamp_sample
field telemetry estimator_aid_src_sideslip : estimator_instance fused innovation_rejected
    innovation_variance test_ratio test_ratio_filtered time_last_fuse timestamp_sample
field telemetry estimator_attitude : delta_q_reset[*] q[*] quat_reset_counter timestamp_sample
field telemetry estimator_baro_bias : bias bias_var innov innov_test_ratio innov_var
    timestamp_sample
field telemetry estimator_ev_pos_bias : bias[*] bias_var[*] innov[*] innov_test_ratio[*]
    innov_var[*] timestamp_sample
field telemetry estimator_event_flags : bad_yaw_using_gps_course
    emergency_yaw_reset_gps_yaw_stopped emergency_yaw_reset_mag_stopped gps_checks_passed
    gps_data_stopped gps_data_stopped_using_alternate gps_fusion_timout gps_quality_poor
    height_sensor_timeout information_event_changes invalid_accel_bias_cov_reset reset_hgt_to_baro
    reset_hgt_to_ev reset_hgt_to_gps reset_hgt_to_rng reset_pos_to_gps reset_pos_to_last_known
    reset_pos_to_vision reset_vel_to_flow reset_vel_to_gps reset_vel_to_vision reset_vel_to_zero
    starting_gps_fusion starting_vision_pos_fusion starting_vision_vel_fusion
    starting_vision_yaw_fusion stopping_mag_use stopping_navigation timestamp_sample
    vision_data_stopped warning_event_changes yaw_aligned_to_imu_gps
field telemetry estimator_global_position : alt_reset_counter alt_valid dead_reckoning
    delta_terrain eph epv lat_lon_reset_counter lat_lon_valid terrain_alt_valid
    terrain_reset_counter timestamp_sample
field telemetry estimator_gnss_hgt_bias : bias bias_var innov innov_test_ratio innov_var
    timestamp_sample
field telemetry estimator_gps_status : check_fail_gps_fix check_fail_max_horz_drift
    check_fail_max_horz_err check_fail_max_horz_spd_err check_fail_max_pdop check_fail_max_spd_err
    check_fail_max_vert_drift check_fail_max_vert_err check_fail_max_vert_spd_err
    check_fail_min_sat_count check_fail_spoofed_gps checks_passed filtered_horizontal_speed_m_s
    position_drift_rate_horizontal_m_s position_drift_rate_vertical_m_s timestamp_sample
field telemetry estimator_innovation_test_ratios : airspeed beta drag[*] fake_hvel[*] fake_vvel
    flow[*] gravity[*] hagl hagl_rate heading mag_field[*] terr_flow[*] timestamp_sample
field telemetry estimator_innovation_variances : airspeed beta drag[*] fake_hvel[*] fake_vvel
    flow[*] gravity[*] hagl hagl_rate heading mag_field[*] terr_flow[*] timestamp_sample
field telemetry estimator_innovations : airspeed beta drag[*] fake_hvel[*] fake_vvel flow[*]
    gravity[*] hagl hagl_rate heading mag_field[*] terr_flow[*] timestamp_sample
field telemetry estimator_local_position : dead_reckoning delta_dist_bottom delta_heading
    dist_bottom_reset_counter dist_bottom_sensor_bitfield dist_bottom_valid dist_bottom_var eph
    epv evh evv hagl_max hagl_max_xy hagl_max_z hagl_min heading heading_good_for_control
    heading_reset_counter heading_var ref_timestamp tilt_var timestamp_sample unaided_heading
    v_xy_valid v_z_valid vxy_max vxy_reset_counter vz_max vz_reset_counter xy_global
    xy_reset_counter xy_valid z_global z_reset_counter z_valid
field telemetry estimator_odometry : angular_velocity[*] orientation_variance[*] pose_frame
    position_variance[*] q[*] quality reset_counter timestamp_sample velocity_frame
    velocity_variance[*]
field telemetry estimator_optical_flow_vel : flow_compensated_integral[*] flow_rate_compensated[*]
    flow_rate_uncompensated[*] flow_uncompensated_integral[*] gyro_bias[*] gyro_rate[*]
    gyro_rate_integral[*] ref_gyro[*] timestamp_sample
field telemetry estimator_rng_hgt_bias : bias bias_var innov innov_test_ratio innov_var
    timestamp_sample
field telemetry estimator_selector_status : accel_fault_detected accumulated_accel_error[*]
    accumulated_gyro_error[*] combined_test_ratio[*] gyro_fault_detected healthy[*]
    instance_changed_count instances_available last_instance_change primary_instance
    relative_test_ratio[*]
field telemetry estimator_sensor_bias : accel_bias[*] accel_bias_limit accel_bias_stable
    accel_bias_valid accel_bias_variance[*] gyro_bias[*] gyro_bias_limit gyro_bias_stable
    gyro_bias_valid gyro_bias_variance[*] mag_bias[*] mag_bias_limit mag_bias_stable
    mag_bias_valid mag_bias_variance[*] timestamp_sample
field telemetry estimator_states : covariances[*] n_states timestamp_sample
field telemetry estimator_status : beta_test_ratio control_mode_flags covariances[*]
    filter_fault_flags gps_check_fail_flags hagl_test_ratio hdg_test_ratio health_flags
    hgt_test_ratio innovation_check_flags mag_test_ratio n_states nan_flags
    output_tracking_error[*] pos_horiz_accuracy pos_test_ratio pos_vert_accuracy pre_flt_fail
    pre_flt_fail_innov_heading pre_flt_fail_innov_height pre_flt_fail_innov_pos_horiz
    pre_flt_fail_innov_vel_horiz pre_flt_fail_innov_vel_vert pre_flt_fail_mag_field_disturbed
    reset_count_pod_d reset_count_pos_ne reset_count_quat reset_count_vel_d reset_count_vel_ne
    solution_status_flags tas_test_ratio time_slip timeout_flags timestamp_sample vel_test_ratio
    vibe[*]
field telemetry estimator_status_flags : control_status_changes cs_aux_gpos cs_baro_fault
    cs_baro_hgt cs_constant_pos cs_ev_hgt cs_ev_pos cs_ev_vel cs_ev_yaw cs_ev_yaw_fault
    cs_fake_hgt cs_fake_pos cs_fixed_wing cs_fuse_aspd cs_fuse_beta cs_gnd_effect cs_gnss_fault
    cs_gnss_hgt_fault cs_gnss_pos cs_gnss_vel cs_gnss_yaw cs_gnss_yaw_fault cs_gps cs_gps_hgt
    cs_gps_yaw cs_gps_yaw_fault cs_gravity_vector cs_in_air cs_inertial_dead_reckoning cs_mag
    cs_mag_3d cs_mag_aligned_in_flight cs_mag_dec cs_mag_fault cs_mag_field_disturbed cs_mag_hdg
    cs_mag_heading_consistent cs_opt_flow cs_opt_flow_terrain cs_rng_fault cs_rng_hgt
    cs_rng_kin_consistent cs_rng_stuck cs_rng_terrain cs_synthetic_mag_z cs_tilt_align
    cs_valid_fake_pos cs_vehicle_at_rest cs_wind cs_wind_dead_reckoning cs_yaw_align cs_yaw_manual
    fault_status_changes fs_bad_acc_bias fs_bad_acc_clipping fs_bad_acc_vertical fs_bad_airspeed
    fs_bad_hdg fs_bad_mag_decl fs_bad_mag_x fs_bad_mag_y fs_bad_mag_z fs_bad_optflow_x
    fs_bad_optflow_y fs_bad_pos_d fs_bad_pos_e fs_bad_pos_n fs_bad_sideslip fs_bad_vel_d
    fs_bad_vel_e fs_bad_vel_n innovation_fault_status_changes reject_airspeed reject_hagl
    reject_hor_pos reject_hor_vel reject_mag_x reject_mag_y reject_mag_z reject_optflow_x
    reject_optflow_y reject_sideslip reject_ver_pos reject_ver_vel reject_yaw timestamp_sample
field telemetry estimator_visual_odometry_aligned : local_frame pitchspeed pose_covariance[*] q[*]
    q_offset[*] reset_counter rollspeed timestamp_sample velocity_covariance[*] velocity_frame vx
    vy vz yawspeed
field telemetry estimator_wind : beta_innov beta_innov_var tas_innov tas_innov_var
    timestamp_sample variance_east variance_north windspeed_east windspeed_north
field telemetry failsafe_flags : angular_velocity_invalid attitude_invalid auto_mission_missing
    battery_low_remaining_time battery_unhealthy battery_warning fd_critical_failure
    fd_esc_arming_failure fd_imbalanced_prop fd_motor_failure flight_time_limit_exceeded
    gcs_connection_lost geofence_breached global_position_invalid global_position_invalid_relaxed
    home_position_invalid local_altitude_invalid local_position_accuracy_low
    local_position_invalid local_position_invalid_relaxed local_velocity_invalid
    manual_control_signal_lost mission_failure mode_req_angular_velocity mode_req_attitude
    mode_req_global_position mode_req_global_position_relaxed mode_req_home_position
    mode_req_local_alt mode_req_local_position mode_req_local_position_relaxed
    mode_req_manual_control mode_req_mission mode_req_offboard_signal mode_req_other
    mode_req_prevent_arming mode_req_wind_and_flight_time_compliance navigator_failure
    offboard_control_signal_lost position_accuracy_low vtol_fixed_wing_system_failure
    wind_limit_exceeded
field telemetry failure_detector_status : fd_alt fd_arm_escs fd_battery fd_ext fd_high_wind
    fd_imbalanced_prop fd_motor fd_pitch fd_roll imbalanced_prop_metric motor_failure_mask
    motor_stop_mask
field telemetry fixed_wing_lateral_guidance_status : adapted_period bearing_feas
    bearing_feas_on_track course_setpoint lateral_acceleration_ff signed_track_error
    track_error_bound wind_est_valid
field telemetry fixed_wing_lateral_setpoint : airspeed_direction course lateral_acceleration
field telemetry fixed_wing_lateral_status : can_run_factor lateral_acceleration_setpoint
field telemetry fixed_wing_longitudinal_setpoint : equivalent_airspeed height_rate pitch_direct
    throttle_direct
field telemetry fixed_wing_runway_control : runway_takeoff_state wheel_steering_enabled
    wheel_steering_nudging_rate
field telemetry flaps_setpoint : normalized_setpoint
field telemetry flight_phase_estimation : flight_phase
field telemetry gain_compression : compression_gains[*] spectral_damper_hpf[*]
    spectral_damper_out[*]
field telemetry gps_dump : len
field telemetry home_position : manual_home pitch roll update_count valid_alt valid_hpos
    valid_lpos yaw
field telemetry hover_thrust_estimate : accel_innov accel_innov_test_ratio accel_innov_var
    accel_noise_var hover_thrust hover_thrust_var timestamp_sample valid
field telemetry input_rc : channel_count input_source link_quality link_snr rc_failsafe
    rc_frame_rate rc_lost rc_lost_frame_count rc_ppm_frame_length rc_total_frame_count rssi
    rssi_dbm timestamp_last_signal values[*]
field telemetry landing_gear : landing_gear
field telemetry landing_gear_wheel : normalized_wheel_setpoint
field telemetry lateral_control_configuration : lateral_accel_max
field telemetry launch_detection_status : launch_detection_state
field telemetry led_control : color led_mask mode num_blinks priority
field telemetry list_data : list[*]
field telemetry logger_status : backend buffer_size_bytes buffer_used_bytes dropouts is_logging
    message_gaps num_messages total_written_kb type write_rate_kb_s
field telemetry longitudinal_control_configuration : climb_rate_target
    disable_underspeed_protection enforce_low_height_condition pitch_max pitch_min
    sink_rate_target speed_weight throttle_max throttle_min
field telemetry magnetometer_bias_estimate : bias_x[*] bias_y[*] bias_z[*] stable[*] valid[*]
field telemetry manual_control_setpoint : acro_switch arm_switch aux1 aux2 aux3 aux4 aux5 aux6
    buttons data_source flaps gear_switch kill_switch loiter_switch man_switch mode_slot
    mode_switch offboard_switch pitch posctl_switch r rattitude_switch return_switch roll
    stab_switch sticks_moving sysid_switch throttle timestamp_sample transition_switch valid x y
    yaw z
field telemetry manual_control_switches : acro_switch arm_switch engage_main_motor_switch
    gear_switch kill_switch loiter_switch man_switch mode_slot mode_switch offboard_switch
    payload_power_switch photo_switch posctl_switch return_switch stab_switch switch_changes
    termination_switch timestamp_sample transition_switch video_switch
field telemetry mission : count current_seq dataman_id
field telemetry mission_result : execution_mode failure finished flight_termination geofence_id
    home_position_counter instance_count item_changed_index item_do_jump_changed
    item_do_jump_remaining mission_id seq_current seq_reached seq_total stay_in_failsafe valid
    warning
field telemetry multirotor_motor_limits : saturation_status
field telemetry navigator_mission_item : acceptance_radius altitude_is_relative autocontinue
    force_heading frame loiter_exit_xtrack loiter_radius nav_cmd origin sequence_current
    time_inside vtol_back_transition yaw
field telemetry navigator_status : failure nav_state
field telemetry optical_flow : frame_count_since_last_readout gyro_temperature
    gyro_x_rate_integral gyro_y_rate_integral gyro_z_rate_integral integration_timespan
    pixel_flow_x_integral pixel_flow_y_integral quality sensor_id time_since_last_sonar_update
field telemetry parameter_update : active changed custom_default export_count find_count get_count
    instance set_count
field telemetry ping : component_id dropped_packets ping_sequence ping_time rtt_ms system_id
field telemetry position_controller_landing_status : abort_status flaring lateral_touchdown_offset
field telemetry position_setpoint_triplet : current.acceleration_is_force
    current.acceleration_valid current.acceptance_radius current.alt_acceptance_radius
    current.alt_valid current.cruising_speed current.cruising_throttle
    current.disable_mc_yaw_control current.disable_weather_vane current.gliding_enabled
    current.landing_gear current.loiter_direction current.loiter_direction_counter_clockwise
    current.loiter_minor_radius current.loiter_orientation current.loiter_pattern
    current.loiter_radius current.pitch_min current.position_valid current.timestamp current.type
    current.valid current.velocity_frame current.velocity_valid current.yaw current.yaw_valid
    current.yawspeed current.yawspeed_valid nav_state next.acceleration_is_force
    next.acceleration_valid next.acceptance_radius next.alt_acceptance_radius next.alt_valid
    next.cruising_speed next.cruising_throttle next.disable_mc_yaw_control
    next.disable_weather_vane next.gliding_enabled next.landing_gear next.loiter_direction
    next.loiter_direction_counter_clockwise next.loiter_minor_radius next.loiter_orientation
    next.loiter_pattern next.loiter_radius next.pitch_min next.position_valid next.timestamp
    next.type next.valid next.velocity_frame next.velocity_valid next.yaw next.yaw_valid
    next.yawspeed next.yawspeed_valid previous.acceleration_is_force previous.acceleration_valid
    previous.acceptance_radius previous.alt_acceptance_radius previous.alt_valid
    previous.cruising_speed previous.cruising_throttle previous.disable_mc_yaw_control
    previous.disable_weather_vane previous.gliding_enabled previous.landing_gear
    previous.loiter_direction previous.loiter_direction_counter_clockwise
    previous.loiter_minor_radius previous.loiter_orientation previous.loiter_pattern
    previous.loiter_radius previous.pitch_min previous.position_valid previous.timestamp
    previous.type previous.valid previous.velocity_frame previous.velocity_valid previous.yaw
    previous.yaw_valid previous.yawspeed previous.yawspeed_valid
field telemetry powers_of_10 : value
field telemetry powers_of_2 : value
field telemetry px4io_status : actuators[*] alarm_acc_current alarm_fmu_lost alarm_pwm_error
    alarm_rc_lost alarm_servo_current alarm_temperature alarm_vbatt_low alarm_vservo_fault
    arming_always_pwm_enable arming_failsafe_custom arming_fmu_armed arming_fmu_prearmed
    arming_force_failsafe arming_inair_restart_ok arming_io_arm_ok arming_lockdown
    arming_manual_override_ok arming_override_immediate arming_rc_handling_disabled
    arming_termination_failsafe free_memory_bytes pwm[*] pwm_disarmed[*] pwm_failsafe[*]
    pwm_rate_hz[*] raw_inputs[*] rssi_v servos[*] status_arm_sync status_failsafe
    status_fmu_initialized status_fmu_ok status_init_ok status_mixer_ok status_outputs_armed
    status_override status_raw_pwm status_rc_dsm status_rc_ok status_rc_ppm status_rc_sbus
    status_rc_st24 status_rc_sumd status_safety_button_event status_safety_off voltage_v
field telemetry radio_status : fix noise remote_noise remote_rssi rssi rxerrors txbuf
field telemetry rate_ctrl_status : additional_integ1 pitchspeed pitchspeed_integ rollspeed
    rollspeed_integ wheel_rate_integ yawspeed yawspeed_integ
field telemetry rc_channels : channel_count channels[*] frame_drop_count function[*] rssi
    signal_lost timestamp_last_valid
field telemetry rtl_status : has_vtol_approach is_evaluation_pending rtl_type safe_point_index
    safe_points_id
field telemetry rtl_time_estimate : safe_time_estimate time_estimate valid
field telemetry safety : override_available override_enabled safety_off safety_switch_available
field telemetry satellite_info : count snr[*] svid[*] used[*]
field telemetry sensor_accel : clip_counter[*] error_count samples temperature timestamp_sample x
    y z
field telemetry sensor_baro : error_count pressure temperature timestamp_sample
field telemetry sensor_combined : accel_calibration_count accelerometer_clipping
    accelerometer_integral_dt accelerometer_m_s2[*] accelerometer_timestamp_relative
    baro_temp_celcius baro_timestamp_relative gyro_calibration_count gyro_clipping
    gyro_integral_dt gyro_rad[*] magnetometer_ga[*] magnetometer_timestamp_relative
field telemetry sensor_gps : authentication_state automatic_gain_control c_variance_rad eph epv
    fix_type hdop heading heading_accuracy heading_offset jamming_indicator jamming_state
    noise_per_ms rtcm_crc_failed rtcm_injection_rate rtcm_msg_used s_variance_m_s satellites_used
    selected_rtcm_instance spoofing_state system_error timestamp_sample timestamp_time_relative
    vdop vel_ned_valid
field telemetry sensor_gyro : clip_counter[*] error_count samples temperature timestamp_sample x y
    z
field telemetry sensor_gyro_fft : peak_frequencies_x[*] peak_frequencies_y[*]
    peak_frequencies_z[*] peak_magnitude_x[*] peak_magnitude_y[*] peak_magnitude_z[*]
    peak_snr_x[*] peak_snr_y[*] peak_snr_z[*] resolution_hz sensor_sample_rate_hz timestamp_sample
    total_energy[*]
field telemetry sensor_mag : error_count is_external temperature timestamp_sample x y z
field telemetry sensor_preflight : accel_inconsistency_m_s_s gyro_inconsistency_rad_s
    mag_inconsistency_angle mag_inconsistency_ga
field telemetry sensor_preflight_mag : mag_inconsistency_angle
field telemetry sensors_status_imu : accel_device_id_primary accel_device_ids[*] accel_healthy[*]
    accel_inconsistency_m_s_s[*] accel_priority[*] gyro_device_id_primary gyro_device_ids[*]
    gyro_healthy[*] gyro_inconsistency_rad_s[*] gyro_priority[*]
field telemetry spoilers_setpoint : normalized_setpoint
field telemetry statistical : gaussian poisson
field telemetry system_power : brick_valid can1_gps1_5v_valid comp_5v_valid hipower_5V_OC
    hipower_5v_oc payload_v_valid periph_5V_OC periph_5v_oc sensors3v3[*] sensors3v3_valid
    servo_valid usb_connected usb_valid v3v3_valid voltage3v3_v voltage5V_v voltage5v_v
    voltage_payload_v
field telemetry takeoff_status : takeoff_state tilt_limit
field telemetry task_stack_info : stack_free task_name[*]
field telemetry tecs_status : airspeedDerivative airspeedDerivativeSp airspeedSp airspeed_filtered
    altitudeSp altitude_time_constant energyDistributionError energyDistributionRateError
    equivalent_airspeed_sp fast_descend_ratio flightPathAngle flightPathAngleFiltered
    flightPathAngleSp mode pitch_integ pitch_sp_rad throttle_integ throttle_sp throttle_trim
    totalEnergyError totalEnergyRateError total_energy_balance_rate total_energy_balance_rate_sp
    total_energy_rate total_energy_rate_sp true_airspeed_derivative true_airspeed_derivative_raw
    true_airspeed_derivative_sp true_airspeed_filtered true_airspeed_sp underspeed_ratio
field telemetry telemetry_status : avoidance_system_healthy component_id data_rate fixed
    flow_control forwarding ftp heartbeat_component_log heartbeat_component_obstacle_avoidance
    heartbeat_component_osd heartbeat_component_pairing_manager
    heartbeat_component_telemetry_radio heartbeat_component_uart_bridge
    heartbeat_component_udp_bridge heartbeat_component_vio heartbeat_time heartbeat_type_adsb
    heartbeat_type_antenna_tracker heartbeat_type_camera heartbeat_type_gcs heartbeat_type_gimbal
    heartbeat_type_onboard_controller heartbeat_type_open_drone_id heartbeat_type_parachute
    heartbeats[*].component_id heartbeats[*].state heartbeats[*].system_id heartbeats[*].timestamp
    heartbeats[*].type mavlink_v2 mode noise open_drone_id_system_healthy parachute_system_healthy
    rate_multiplier rate_rx rate_tx rate_txerr remote_component_id remote_noise remote_rssi
    remote_system_id remote_system_status remote_type rssi rx_buffer_overruns rx_message_count
    rx_message_lost_count rx_message_lost_rate rx_packet_drop_count rx_parse_errors rx_rate_avg
    rxerrors streams system_id telem_time tx_buffer_overruns tx_error_rate_avg tx_message_count
    tx_rate_avg txbuf type
field telemetry test_motor : action driver_instance motor_number timeout_ms value
field telemetry timesync_status : estimated_offset observed_offset round_trip_time source_protocol
field telemetry trajectory_setpoint : thrust[*] yaw yawspeed
field telemetry transponder_report : altitude_type emitter_type flags tslc
field telemetry trigonometric : cos_x sin_x
field telemetry vehicle_acceleration : timestamp_sample xyz[*]
field telemetry vehicle_air_data : ambient_temperature baro_pressure_pa baro_temp_celcius
    calibration_count eas2tas rho temperature_source timestamp_sample
field telemetry vehicle_angular_acceleration : timestamp_sample xyz[*]
field telemetry vehicle_angular_velocity : timestamp_sample xyz[*] xyz_derivative[*]
field telemetry vehicle_attitude : delta_q_reset[*] pitchspeed q[*] quat_reset_counter rollspeed
    timestamp_sample yawspeed
field telemetry vehicle_attitude_groundtruth : delta_q_reset[*] pitchspeed q[*] quat_reset_counter
    rollspeed timestamp_sample yawspeed
field telemetry vehicle_attitude_setpoint : apply_flaps disable_mc_yaw_control fw_control_yaw
    fw_control_yaw_wheel landing_gear pitch_body pitch_reset_integral q_d[*] q_d_valid
    reset_integral roll_body roll_reset_integral thrust thrust_body[*] yaw_body yaw_reset_integral
    yaw_sp_move_rate
field telemetry vehicle_command : command confirmation from_external param1 param2 param3 param4
    source_component source_system target_component target_system
field telemetry vehicle_command_ack : command from_external result result_param1 result_param2
    target_component target_system
field telemetry vehicle_constraints : speed_down speed_up want_takeoff
field telemetry vehicle_control_mode : flag_armed flag_control_acceleration_enabled
    flag_control_allocation_enabled flag_control_altitude_enabled flag_control_attitude_enabled
    flag_control_auto_enabled flag_control_climb_rate_enabled flag_control_fixed_hdg_enabled
    flag_control_force_enabled flag_control_manual_enabled flag_control_offboard_enabled
    flag_control_position_enabled flag_control_rates_enabled flag_control_rattitude_enabled
    flag_control_termination_enabled flag_control_velocity_enabled
    flag_control_yawrate_override_enabled flag_external_manual_override_ok
    flag_multicopter_position_control_enabled flag_sysid_maneuver_active source_id
field telemetry vehicle_global_position : alt_reset_counter alt_valid dead_reckoning delta_terrain
    eph epv evh evv lat_lon_reset_counter lat_lon_valid terrain_alt_valid terrain_reset_counter
    timestamp_sample yaw
field telemetry vehicle_global_position_groundtruth : alt_reset_counter dead_reckoning eph epv
    lat_lon_reset_counter terrain_alt_valid timestamp_sample yaw
field telemetry vehicle_gps_position : authentication_state automatic_gain_control c_variance_rad
    eph epv fix_type hdop heading heading_accuracy heading_offset jamming_indicator jamming_state
    noise_per_ms rtcm_crc_failed rtcm_injection_rate rtcm_msg_used s_variance_m_s satellites_used
    selected selected_rtcm_instance spoofing_state system_error timestamp_sample
    timestamp_time_relative vdop vel_ned_valid
field telemetry vehicle_imu : accel_calibration_count calibration_count delta_angle[*]
    delta_angle_clipping delta_angle_dt delta_velocity[*] delta_velocity_clipping
    delta_velocity_dt gyro_calibration_count timestamp_sample
field telemetry vehicle_imu_status : accel_clipping[*] accel_error_count accel_rate_hz
    accel_raw_rate_hz accel_vibration_metric delta_angle_coning_metric gyro_clipping[*]
    gyro_coning_vibration gyro_error_count gyro_rate_hz gyro_raw_rate_hz gyro_vibration_metric
    mean_accel[*] mean_gyro[*] temperature_accel temperature_gyro var_accel[*] var_gyro[*]
field telemetry vehicle_land_detected : alt_max at_rest close_to_ground_or_skipped_check freefall
    ground_contact has_low_throttle horizontal_movement in_descend in_ground_effect landed
    maybe_landed rotational_movement vertical_movement
field telemetry vehicle_local_position : dead_reckoning delta_dist_bottom delta_heading
    dist_bottom_reset_counter dist_bottom_sensor_bitfield dist_bottom_valid dist_bottom_var eph
    epv estimator_type evh evv hagl_max hagl_max_xy hagl_max_z hagl_min heading
    heading_good_for_control heading_reset_counter heading_var limit_hagl ref_timestamp
    surface_bottom_timestamp tilt_var timestamp_sample unaided_heading v_xy_valid v_z_valid
    vxy_max vxy_reset_counter vz_max vz_reset_counter xy_global xy_reset_counter xy_valid yaw
    z_global z_reset_counter z_valid
field telemetry vehicle_local_position_groundtruth : delta_heading dist_bottom_sensor_bitfield
    dist_bottom_valid eph epv evh evv hagl_max hagl_min heading heading_good_for_control
    heading_reset_counter limit_hagl ref_timestamp timestamp_sample v_xy_valid v_z_valid vxy_max
    vxy_reset_counter vz_max vz_reset_counter xy_global xy_reset_counter xy_valid yaw z_global
    z_reset_counter z_valid
field telemetry vehicle_local_position_setpoint : jerk[*] thrust[*] yaw yawspeed
field telemetry vehicle_magnetometer : calibration_count magnetometer_ga[*] timestamp_sample
field telemetry vehicle_rates_setpoint : pitch reset_integral roll thrust thrust_body[*] yaw
field telemetry vehicle_status : armed_time arming_state avoidance_system_required
    avoidance_system_valid calibration_enabled can_set_nav_states_mask component_id data_link_lost
    data_link_lost_counter engine_failure engine_failure_cmd executor_in_charge failsafe
    failsafe_and_user_took_over failsafe_defer_state failsafe_timestamp failure_detector_status
    gcs_connection_lost gcs_connection_lost_counter geofence_violated
    high_latency_data_link_active high_latency_data_link_lost hil_state in_transition_mode
    in_transition_to_fw is_rotary_wing is_vtol is_vtol_tailsitter latest_arming_reason
    latest_disarming_reason mission_failure nav_state nav_state_timestamp nav_state_user_intention
    onboard_control_sensors_enabled onboard_control_sensors_health onboard_control_sensors_present
    open_drone_id_system_healthy open_drone_id_system_present parachute_system_healthy
    parachute_system_present power_input_valid pre_flight_checks_pass rc_calibration_in_progress
    rc_input_mode rc_signal_lost safety_button_available safety_off system_id system_type
    takeoff_time usb_connected valid_nav_states_mask vehicle_type vtol_fw_permanent_stab
field telemetry vehicle_status_flags : angular_velocity_valid attitude_valid
    auto_mission_available avoidance_system_required avoidance_system_valid battery_healthy
    calibration_enabled circuit_breaker_engaged_airspd_check
    circuit_breaker_engaged_enginefailure_check circuit_breaker_engaged_gpsfailure_check
    circuit_breaker_engaged_posfailure_check circuit_breaker_engaged_power_check
    circuit_breaker_engaged_usb_check circuit_breaker_flight_termination_disabled
    circuit_breaker_vtol_fw_arming_check condition_angular_velocity_valid condition_attitude_valid
    condition_auto_mission_available condition_battery_healthy condition_calibration_enabled
    condition_escs_error condition_escs_failure condition_global_position_valid
    condition_home_position_valid condition_local_altitude_valid condition_local_position_valid
    condition_local_velocity_valid condition_power_input_valid condition_system_hotplug_timeout
    condition_system_returned_to_home condition_system_sensors_initialized dead_reckoning
    escs_error escs_failure flight_terminated global_position_valid gps_position_valid
    home_position_valid local_altitude_valid local_position_valid local_velocity_valid
    offboard_control_loss_timeout offboard_control_set_by_command
    offboard_control_signal_found_once offboard_control_signal_lost parachute_system_healthy
    parachute_system_present position_reliant_on_gps position_reliant_on_optical_flow
    position_reliant_on_vision_position power_input_valid rc_calibration_in_progress
    rc_calibration_valid rc_input_blocked rc_signal_found_once sd_card_detected_once
    system_hotplug_timeout system_sensors_initialized usb_connected vtol_transition_failure
field telemetry vehicle_thrust_setpoint : timestamp_sample xyz[*]
field telemetry vehicle_torque_setpoint : timestamp_sample xyz[*]
field telemetry vehicle_vibration : vibration[*]
field telemetry vehicle_vision_attitude : pitchspeed q[*] rollspeed yawspeed
field telemetry vehicle_vision_position : dist_bottom_valid eph epv estimator_type evh evv
    ref_timestamp surface_bottom_timestamp v_xy_valid v_z_valid vxy_reset_counter vz_reset_counter
    xy_global xy_reset_counter xy_valid yaw z_deriv z_global z_reset_counter z_valid
field telemetry vision_position_estimate : ang_err id pos_err q[*] timestamp_received vx vy vz
field telemetry vtol_vehicle_status : airspeed_tot fw_permanent_stab in_transition_to_fw
    vtol_in_rw_mode vtol_in_trans_mode vtol_transition_failsafe
field telemetry wind : beta_innov beta_innov_var tas_innov tas_innov_var timestamp_sample
    variance_east variance_north windspeed_east windspeed_north
field telemetry wind_estimate : beta_innov beta_innov_var covariance_east covariance_north
    tas_innov tas_innov_var tas_scale variance_east variance_north windspeed_east windspeed_north
field telemetry yaw_estimator_status : innov_ve[*] innov_vn[*] timestamp_sample weight[*] yaw[*]
    yaw_composite yaw_composite_valid yaw_variance
# ---- parameters ----------------------------------------------------------------------------
# Calibrations, sensor device ids and lifetime statistics fingerprint one unit: identity.
param identity : *SERIAL_NUM* *UUID* *_UID CAL_*_ID CAL_*OFF CAL_*SCALE CAL_*COMP CAL_*ODIAG
    TC_*_ID TC_*_X* TC_*_SCL* TC_*_TREF TC_*_TMIN TC_*_TMAX INS_*OFFS_* INS_*SCAL_* INS_*_ID
    INS_*_CALTEMP INS_TCAL* COMPASS_OFS* COMPASS_DIA* COMPASS_ODI* COMPASS_MOT_? COMPASS_MOT#_?
    COMPASS_SCALE* COMPASS_DEV_ID* COMPASS_PRIO*_ID COMPASS_EXP_DID* *_DEVID *_DEV_ID AHRS_TRIM_*
    SENS_BOARD_?_OFF SENS_DPRES_OFF ARSPD*_OFFSET STAT_BOOTCNT STAT_FLTTIME STAT_RUNTIME
    STAT_DISTFLWN LND_FLIGHT_T_* COM_FLIGHT_UUID MAV_SYS_ID SYSID_THISMAV
param location : *_LAT *_LAT# *_LON *_LON# *_LNG SIM_OPOS_* EKF2_MAG_DECL COMPASS_DEC
    BARO_FIELD_ELV BARO*_GND_PRESS GND_ABS_PRESS* SENS_BARO_QNH BRD_RTC_TZ_MIN
param telemetry/utc_s_2016 : STAT_RESET
param telemetry : ACRO_* ADC_* ADSB_* AFS_* AHRS_* ALT_* AMP_* ANGLE_* ARMING_* ARSPD*_* ASPD_*
    ATC_* ATT_* AUTOTUNE_* AUTO_* AVD_* AVOID_* AXIS_* BARO*_* BAT*_* BATMON_* BATT*_* BCN_*
    BMM*_* BRD_* BTN*_* CAL_* CAM*_* CAN_* CA_* CBRK_* CH*_* CHUTE_* CIRCLE_* COMPASS_* COM_*
    CONTROL_* CP_* CRASH_* CUST_* DEV_* DISARM_* DSHOT_* DSPOILR_* EAHRS_* EFI_* EK*_* EKF*_* ESC
    ESC_* EV_* FBWA_* FBWB_* FD_* FENCE_* FFT_* FHLD_* FILT*_* FLAP_* FLIGHT_* FLOW_* FLTMODE*
    FLTMODE_* FLW_* FOLL_* FORMAT_* FRAME FRAME_* FRSKY_* FS_* FW_* GCS_* GEN_* GF_* GLIDE_* GND_*
    GPS*_* GRIP_* GROUND_* GUID_* HIL_* HLD_* HOME_* HTE_* ICE_* IMU_* INA*_* INAV_* INITIAL_*
    INS_* INVERTEDFLT_* ISBD_* JS_* KDE_* KFF_* LAND_* LAUN_* LEAK*_* LED_* LEVEL_* LGR_* LIGHT_*
    LIM_* LNDFW_* LNDMC_* LOG_* LOITER_* LOIT_* LOW_* LPE_* MAG_* MANUAL_* MAN_* MAV_* MBE_* MC_*
    MIN_* MIS_* MIXING_* MNT*_* MOT_* MPC_* MSP_* NAVL*_* NAV_* NMEA_* NPFG_* NTF_* OA_* OF_*
    OSD_* PARAM_* PD_* PHLD_* PILOT_* PLDP_* PLD_* PLND_* PRX*_* PSC_* PTCH2SRV_* PWM_* QUIK_* Q_*
    RALLY_* RATE_* RBCLW_* RC*_* RCMAP_* RELAY*_* RLL2SRV_* RNGFND*_* RNGFNDA_* RO_* RPM*_* RSSI_*
    RST_* RTL_* RUDDER_* RUDD_* RWTO_* SCALING_* SCHED_* SCR_* SDLOG_* SENS_* SEP_* SERIAL*_*
    SERVO*_* SER_* SID_* SIMPLE SIM_* SITL_* SOAR_* SONAR_* SPRAY_* SR*_* SRTL_* STAB_* STALL_*
    STB_* STEER2SRV_* STICK_* SUPER_* SURFACE_* SURFTRAK_* SYSID_* SYS_* TCAL_* TC_* TECS_*
    TELEM_* TEL_* TERRAIN_* THROTTLE_* THROW_* THR_* TKOFF_* TOY_* TRIG_* TRIM_* TUNE TUNE_*
    UAVCAN_* USB_* USE_* UWB_* UXRCE_* VERTIQ_* VISO_* VOLT_* VTO_* VTX_* VT_* WEIGHT_* WEST_*
    WINCH_* WPNAV_* WP_* WVANE_* WV_* XTRACK_* YAW2SRV_* ZIGZ_*
# ---- information items (ULog) ----------------------------------------------------------------
info identity : sys_uuid *serial* *uuid* pilot* *_pilot* ver_hw_subtype
info location : *lat* *lon* time_ref_utc
info telemetry/utc_us : boot_time_utc_us
info text : boot_console_output hardfault* *note*
info telemetry : ver_* sys_name sys_os_* sys_toolchain* sys_mcu sys_util_* ulog_* replay*
    perf_counter_* perf_top_* metadata_* excluded_optional_topics log_*
)rules";

}  // namespace skykeep::privacy
